// Gemini's answers in the neutral (OpenAI-shaped) model (as the Gemini API reference documents them).

import SiraCore

/// Translates Gemini responses, finish reasons and usage to the neutral model.
public enum GeminiResponseTranslator {
    /// The neutral finish reason for a Gemini one. Gemini ends a tool-calling turn with `STOP`, so a
    /// candidate that holds function calls reports `tool_calls`.
    /// - Parameters:
    ///   - reason: Gemini's `finishReason`.
    ///   - hasToolCalls: Whether the candidate made function calls.
    /// - Returns: The finish reason, or `nil` when Gemini gave none.
    public static func finishReason(_ reason: String?, hasToolCalls: Bool) -> FinishReason? {
        switch reason {
        case nil: return nil
        case "STOP"?: return hasToolCalls ? .toolCalls : .stop
        case "MAX_TOKENS"?: return .length
        case "MALFORMED_FUNCTION_CALL"?, "UNEXPECTED_TOOL_CALL"?, "TOO_MANY_TOOL_CALLS"?, "FINISH_REASON_UNSPECIFIED"?:
            return .stop
        default: return .contentFilter  // SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, IMAGE_*…
        }
    }

    /// Neutral usage from Gemini's `usageMetadata`: thoughts count as completion (reasoning)
    /// tokens, tool-use prompts as prompt tokens, cached content as cached tokens.
    /// - Parameter metadata: The `usageMetadata` object.
    /// - Returns: The usage.
    public static func usage(_ metadata: JSONObject) -> Usage {
        let prompt =
            (metadata["promptTokenCount"]?.intValue ?? 0) + (metadata["toolUsePromptTokenCount"]?.intValue ?? 0)
        let thoughts = metadata["thoughtsTokenCount"]?.intValue
        let completion = (metadata["candidatesTokenCount"]?.intValue ?? 0) + (thoughts ?? 0)
        return Usage(
            promptTokens: prompt,
            completionTokens: completion,
            totalTokens: metadata["totalTokenCount"]?.intValue ?? prompt + completion,
            cachedTokens: metadata["cachedContentTokenCount"]?.intValue,
            reasoningTokens: thoughts
        )
    }

    /// A Gemini answer without candidates and without a block reason is not an answer.
    static func requireCandidates(_ candidates: [JSONValue], in object: JSONObject) throws {
        guard candidates.isEmpty else { return }
        if let reason = object["promptFeedback"]?.objectValue?["blockReason"]?.stringValue {
            throw GatewayError(.contentFiltered, "The Gemini provider blocked the prompt (\(reason.prefix(40))).")
        }
        throw GatewayError(.providerError, "The Gemini provider answered without a candidate.")
    }

    /// A stable id for a function call Gemini returned without one: the same response and position
    /// always give the same id, so a retried or replayed answer names its calls the same way.
    /// - Parameters:
    ///   - responseID: Gemini's `responseId` (may be empty).
    ///   - index: The call's position among the answer's calls.
    /// - Returns: The id (`call_<responseId>_<index>`).
    public static func callID(responseID: String, index: Int) -> String {
        "call_\(responseID.isEmpty ? "gemini" : responseID)_\(index)"
    }

    /// A candidate's content as text and tool calls; thought parts are left out.
    static func content(_ candidate: JSONObject, responseID: String, firstCallIndex: Int) -> (String, [ToolCall]) {
        var text = ""
        var calls: [ToolCall] = []
        for part in candidate["content"]?.objectValue?["parts"]?.arrayValue ?? [] {
            guard let part = part.objectValue, part["thought"] != true else { continue }
            if let piece = part["text"]?.stringValue { text += piece }
            if let call = part["functionCall"]?.objectValue {
                var id =
                    call["id"]?.stringValue
                    ?? callID(responseID: responseID, index: firstCallIndex + calls.count)
                // Gemini 3 wants each call's thought signature back in the next turn; a stateless
                // gateway carries it inside the id (LiteLLM's convention), which OpenAI clients echo.
                if let signature = part["thoughtSignature"]?.stringValue {
                    id += GeminiToolCallID.signatureSeparator + signature
                }
                let arguments = (call["args"] ?? [:]).jsonBytes()
                calls.append(
                    ToolCall(
                        id: id, name: call["name"]?.stringValue ?? "",
                        arguments: String(decoding: arguments, as: UTF8.self)))
            }
        }
        return (text, calls)
    }

    /// Translates a whole `GenerateContentResponse`.
    /// - Parameters:
    ///   - body: Gemini's response body.
    ///   - model: The model asked for (used when the answer has no `modelVersion`).
    ///   - created: Unix seconds for `created`.
    /// - Returns: The neutral response.
    /// - Throws: `GatewayError`: `contentFiltered` when the prompt was blocked, `providerError` for
    ///   a body that is not a response.
    public static func response(_ body: JSONValue, model: String, created: Int64) throws -> ChatResponse {
        guard let object = body.objectValue else {
            throw GatewayError(.providerError, "The Gemini provider's answer is not a response.")
        }
        let candidates = object["candidates"]?.arrayValue ?? []
        try requireCandidates(candidates, in: object)
        let responseID = object["responseId"]?.stringValue ?? ""
        var callCount = 0
        let choices = candidates.enumerated().map { position, candidate in
            let candidate = candidate.objectValue ?? [:]
            let (text, calls) = content(candidate, responseID: responseID, firstCallIndex: callCount)
            callCount += calls.count
            let message = ChatMessage(
                role: .assistant,
                content: calls.isEmpty || !text.isEmpty ? .text(text) : nil,
                toolCalls: calls.isEmpty ? nil : calls
            )
            return ChatChoice(
                index: candidate["index"]?.intValue ?? position,
                message: message,
                finishReason: finishReason(candidate["finishReason"]?.stringValue, hasToolCalls: !calls.isEmpty)
            )
        }
        return ChatResponse(
            id: "chatcmpl-" + (responseID.isEmpty ? "gemini" : responseID),
            created: created,
            model: object["modelVersion"]?.stringValue ?? model,
            choices: choices,
            usage: object["usageMetadata"]?.objectValue.map(usage)
        )
    }
}

/// Tool-call ids that carry what Gemini needs back: the call's own id when Gemini gave one, and its
/// thought signature (`call_r1_0__thought__CqgB…`).
enum GeminiToolCallID {
    static let signatureSeparator = "__thought__"

    /// The parts of an id as a client sent it back: Gemini's id (`nil` for ids Sira made up or other
    /// providers' ids, which start with `call_`: older Gemini models reject an id) and the signature.
    static func split(_ id: String) -> (id: String?, signature: String?) {
        let pieces = id.components(separatedBy: signatureSeparator)
        let base = pieces[0]
        let signature = pieces.count > 1 ? pieces[1...].joined(separator: signatureSeparator) : nil
        return (base.hasPrefix("call_") || base.isEmpty ? nil : base, signature)
    }
}
