// Generated from Sources/SiraProviders/Anthropic/Inbound/AnthropicMessageEncoder.swift by scripts/make-starters. Nothing to write here.
// Neutral answers written as Anthropic Messages responses, for Anthropic SDK clients of providers
// that are not Anthropic (Anthropic's Messages API reference).

import SiraCore

/// Writes neutral responses, stop reasons and usage in Anthropic's shapes.
public enum AnthropicMessageEncoder {
    /// Anthropic's `stop_reason` for a neutral finish reason.
    /// - Parameter reason: The finish reason.
    /// - Returns: The stop reason (`end_turn` when there was none).
    public static func stopReason(_ reason: FinishReason?) -> String {
        switch reason {
        case .toolCalls?, FinishReason(rawValue: "function_call")?: return "tool_use"
        // A provider's own cut (DeepSeek's capacity, GLM's network) is a truncation, never a natural end.
        case let reason? where reason.isCutOff: return "max_tokens"
        case let reason? where reason.isFiltered: return "refusal"
        default: return "end_turn"
        }
    }

    /// Anthropic's usage object: `input_tokens` excludes cache reads and writes, which have members
    /// of their own (OpenAI counts them inside `prompt_tokens`).
    /// - Parameter usage: The neutral usage.
    /// - Returns: The usage object.
    public static func usage(_ usage: Usage?) -> JSONValue {
        guard let usage else { return ["input_tokens": 0, "output_tokens": 0] }
        let cached = usage.cachedTokens ?? 0
        let written = usage.cacheWriteTokens ?? 0
        return [
            "input_tokens": .integer(Int64(max(0, usage.promptTokens - cached - written))),
            "output_tokens": .integer(Int64(usage.completionTokens)),
            "cache_read_input_tokens": .integer(Int64(cached)),
            "cache_creation_input_tokens": .integer(Int64(written)),
        ]
    }

    /// The `msg_…` id for a neutral response id.
    static func messageID(_ id: String) -> String { id.hasPrefix("msg_") ? id : "msg_" + id }

    /// A `tool_use` block's input: the call's arguments, which must be a JSON object.
    static func input(_ arguments: String) -> JSONValue {
        if let value = try? JSONValue(parsing: arguments.utf8), case .object = value { return value }
        return [:]
    }

    /// Writes a whole response as a `message`.
    /// - Parameter response: The neutral response (its first choice; Anthropic has one).
    /// - Returns: The message body.
    public static func message(_ response: ChatResponse) -> JSONValue {
        let choice = response.choices.first
        var content: [JSONValue] = []
        // Reasoning text from an OpenAI-format upstream (`reasoning_content`) is a thinking block, first, with
        // an empty signature (see `AnthropicEventEncoder`).
        if let thinking = choice?.message.reasoning, !thinking.isEmpty {
            content.append(["type": "thinking", "thinking": .string(thinking), "signature": ""])
        }
        if let text = choice?.message.content?.joinedText, !text.isEmpty {
            content.append(["type": "text", "text": .string(text)])
        }
        // OpenAI puts a refusal beside the content; Anthropic says it in text with stop reason `refusal`.
        let refusal = choice?.message.refusal.flatMap { $0.isEmpty ? nil : $0 }
        if let refusal { content.append(["type": "text", "text": .string(refusal)]) }
        for call in choice?.message.toolCalls ?? [] {
            content.append(
                [
                    "type": "tool_use", "id": .string(call.id), "name": .string(call.name),
                    "input": input(call.arguments),
                ])
        }
        return [
            "id": .string(messageID(response.id)),
            "type": "message",
            "role": "assistant",
            "model": .string(response.model),
            "content": .array(content),
            "stop_reason": .string(refusal != nil ? "refusal" : stopReason(choice?.finishReason)),
            "stop_sequence": .null,
            "usage": usage(response.usage),
        ]
    }
}
