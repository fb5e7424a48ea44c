// Reasoning text, which the neutral model does not model but must not lose. Reasoning models served
// through OpenAI's format (DeepSeek-R1 and V4, Qwen3, Kimi, GLM's thinking mode, SiliconFlow, Fireworks)
// stream their thinking before the answer, in a member OpenAI's own API does not have:
// `reasoning_content` on the delta and on the message; vLLM and OpenRouter call it `reasoning`. It stays
// in the delta's and the message's `extra` (so a same-format client gets it untouched), and these
// accessors read it for the places that must: the commit point, and the translation to Anthropic's
// thinking blocks.

/// The names reasoning text arrives under, in the order they are read.
public enum ReasoningText {
    /// `reasoning_content` (DeepSeek, Qwen, Kimi, GLM, SiliconFlow, Fireworks), then `reasoning` (vLLM,
    /// OpenRouter).
    public static let members = ["reasoning_content", "reasoning"]

    /// The reasoning text among a delta's or a message's other members: the first non-empty string.
    /// - Parameter extra: The other members.
    /// - Returns: The text, or `nil` when there is none.
    public static func text(in extra: JSONObject) -> String? {
        for member in members {
            if let text = extra[member]?.stringValue, !text.isEmpty { return text }
        }
        return nil
    }
}

extension MessageDelta {
    /// The reasoning text this delta adds, if it adds any (`ReasoningText`).
    public var reasoning: String? { ReasoningText.text(in: extra) }
}

extension ChatMessage {
    /// The message's reasoning text, if it has any (`ReasoningText`).
    public var reasoning: String? { ReasoningText.text(in: extra) }
}

extension JSONValue {
    /// Whether the value says something: not `null`, not an empty string, array or object. A member
    /// that is present but empty (`"reasoning_content": null` in a role-only chunk) is not content.
    public var isSubstantive: Bool {
        switch self {
        case .null: return false
        case .string(let text): return !text.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .object(let members): return !members.isEmpty
        case .bool, .integer, .double: return true
        }
    }
}
