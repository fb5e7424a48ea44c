// Generated from Sources/SiraCore/Chat/ChatMessage.swift by scripts/make-starters. Nothing to write here.
/// One message of a conversation, in the neutral model.
///
/// The shape is OpenAI's, the most general of the three families: a role, content that is text or
/// parts, and for assistants the tool calls they made; for tool messages the call they answer.
/// Adapters for Anthropic and Gemini translate to and from this shape.
public struct ChatMessage: Hashable, Sendable {
    /// Who wrote the message.
    public var role: Role
    /// The content; `nil` for an assistant message that only calls tools. Written as `"content": null`.
    public var content: MessageContent?
    /// An optional participant name.
    public var name: String?
    /// The calls an assistant message made.
    public var toolCalls: [ToolCall]?
    /// The call a `tool` message answers.
    public var toolCallID: String?
    /// An assistant's refusal text.
    public var refusal: String?
    /// Other members of the message.
    public var extra: JSONObject

    /// Creates a message.
    /// - Parameters:
    ///   - role: Who wrote it.
    ///   - content: Text or parts; `nil` for a tool-calling assistant message.
    ///   - name: An optional participant name.
    ///   - toolCalls: The calls an assistant made.
    ///   - toolCallID: The call a tool message answers.
    ///   - refusal: An assistant's refusal.
    ///   - extra: Other members.
    public init(
        role: Role,
        content: MessageContent?,
        name: String? = nil,
        toolCalls: [ToolCall]? = nil,
        toolCallID: String? = nil,
        refusal: String? = nil,
        extra: JSONObject = [:]
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.refusal = refusal
        self.extra = extra
    }

    /// A text message.
    /// - Parameters:
    ///   - role: Who wrote it.
    ///   - text: The text.
    /// - Returns: The message.
    public static func text(_ role: Role, _ text: String) -> ChatMessage {
        ChatMessage(role: role, content: .text(text))
    }
}

extension ChatMessage: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, name, refusal
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    /// Decodes a message.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when `role` is missing or a member has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(Role.self, forKey: .role)
        content = try container.decodeIfPresent(MessageContent.self, forKey: .content)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        toolCallID = try container.decodeIfPresent(String.self, forKey: .toolCallID)
        refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
        extra = try UnknownFields.decode(from: decoder, known: CodingKeys.names)
    }

    /// Encodes a message; `content` is always written, as `null` when absent.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        if let content {
            try container.encode(content, forKey: .content)
        } else {
            try container.encodeNil(forKey: .content)
        }
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        try container.encodeIfPresent(refusal, forKey: .refusal)
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}
