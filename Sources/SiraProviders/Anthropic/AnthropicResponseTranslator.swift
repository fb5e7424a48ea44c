// Anthropic's answers in the neutral (OpenAI-shaped) model (Anthropic's Messages API reference).

import SiraCore

/// Translates Anthropic responses, stop reasons and usage to the neutral model.
public enum AnthropicResponseTranslator {
    /// The neutral finish reason for an Anthropic stop reason (LiteLLM's mapping, which the reference cites).
    /// - Parameter stopReason: Anthropic's `stop_reason`.
    /// - Returns: The finish reason.
    public static func finishReason(_ stopReason: String?) -> FinishReason? {
        switch stopReason {
        case nil: return nil
        case "end_turn"?, "stop_sequence"?: return .stop
        case "max_tokens"?, "pause_turn"?, "model_context_window_exceeded"?: return .length
        case "tool_use"?: return .toolCalls
        case "refusal"?: return .contentFilter
        case let other?: return FinishReason(rawValue: other)
        }
    }

    /// Neutral usage from Anthropic's: prompt tokens include cache reads and writes, as OpenAI counts them.
    /// - Parameters:
    ///   - usage: Anthropic's `usage` object.
    ///   - outputTokens: An output count that overrides the object's (cumulative counts in streams).
    /// - Returns: The usage.
    public static func usage(_ usage: JSONObject, outputTokens: Int? = nil) -> Usage {
        let input = usage["input_tokens"]?.intValue ?? 0
        let cacheRead = usage["cache_read_input_tokens"]?.intValue ?? 0
        let cacheWrite = usage["cache_creation_input_tokens"]?.intValue ?? 0
        let output = outputTokens ?? usage["output_tokens"]?.intValue ?? 0
        return Usage(
            promptTokens: input + cacheRead + cacheWrite,
            completionTokens: output,
            cachedTokens: cacheRead,
            cacheWriteTokens: cacheWrite > 0 ? cacheWrite : nil
        )
    }

    /// Translates a whole `message` response.
    /// - Parameters:
    ///   - message: Anthropic's response body.
    ///   - created: Unix seconds for `created` (Anthropic's response has no timestamp).
    /// - Returns: The neutral response.
    /// - Throws: `GatewayError.providerError` when the body is not a message.
    public static func response(_ message: JSONValue, created: Int64) throws -> ChatResponse {
        guard let object = message.objectValue, object["type"] == "message" else {
            throw GatewayError(.providerError, "The Anthropic provider's answer is not a message.")
        }
        var text = ""
        var calls: [ToolCall] = []
        for block in object["content"]?.arrayValue ?? [] {
            guard let block = block.objectValue else { continue }
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use":
                let arguments = (block["input"] ?? [:]).jsonBytes()
                calls.append(
                    ToolCall(
                        id: block["id"]?.stringValue ?? "",
                        name: block["name"]?.stringValue ?? "",
                        arguments: String(decoding: arguments, as: UTF8.self)
                    )
                )
            default: continue
            }
        }
        let chatMessage = ChatMessage(
            role: .assistant,
            content: calls.isEmpty || !text.isEmpty ? .text(text) : nil,
            toolCalls: calls.isEmpty ? nil : calls
        )
        return ChatResponse(
            id: object["id"]?.stringValue ?? "",
            created: created,
            model: object["model"]?.stringValue ?? "",
            choices: [
                ChatChoice(
                    index: 0, message: chatMessage, finishReason: finishReason(object["stop_reason"]?.stringValue))
            ],
            usage: usage(object["usage"]?.objectValue ?? [:])
        )
    }
}
