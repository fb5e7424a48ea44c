// Generated from Sources/SiraCore/Chat/ChatResponse.swift by scripts/make-starters. Nothing to write here.
/// A whole (non-streamed) chat answer, shaped like OpenAI's `chat.completion` object.
public struct ChatResponse: Hashable, Sendable {
    /// The completion's id.
    public var id: String
    /// Unix seconds when it was created.
    public var created: Int64
    /// The upstream model that answered.
    public var model: String
    /// One choice per `n`.
    public var choices: [ChatChoice]
    /// Token counts, when the provider reported them.
    public var usage: Usage?
    /// A fingerprint of the backend configuration (OpenAI).
    public var systemFingerprint: String?
    /// Other members of the response.
    public var extra: JSONObject

    /// Creates a response.
    /// - Parameters:
    ///   - id: The completion's id.
    ///   - created: Unix seconds.
    ///   - model: The upstream model.
    ///   - choices: The choices.
    ///   - usage: Token counts.
    ///   - systemFingerprint: A backend fingerprint.
    ///   - extra: Other members.
    public init(
        id: String,
        created: Int64,
        model: String,
        choices: [ChatChoice],
        usage: Usage? = nil,
        systemFingerprint: String? = nil,
        extra: JSONObject = [:]
    ) {
        self.id = id
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.systemFingerprint = systemFingerprint
        self.extra = extra
    }
}

/// One choice of a whole answer: the assistant message and why it ended.
public struct ChatChoice: Hashable, Sendable {
    /// The choice's position.
    public var index: Int
    /// The assistant's message.
    public var message: ChatMessage
    /// Why generation stopped.
    public var finishReason: FinishReason?
    /// Log probabilities, when requested; kept as JSON.
    public var logprobs: JSONValue?
    /// Other members of the choice.
    public var extra: JSONObject

    /// Creates a choice.
    /// - Parameters:
    ///   - index: The choice's position.
    ///   - message: The assistant's message.
    ///   - finishReason: Why generation stopped.
    ///   - logprobs: Log probabilities.
    ///   - extra: Other members.
    public init(
        index: Int,
        message: ChatMessage,
        finishReason: FinishReason?,
        logprobs: JSONValue? = nil,
        extra: JSONObject = [:]
    ) {
        self.index = index
        self.message = message
        self.finishReason = finishReason
        self.logprobs = logprobs
        self.extra = extra
    }
}

extension ChatResponse: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created, model, choices, usage
        case systemFingerprint = "system_fingerprint"
    }

    /// Decodes a `chat.completion` object.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` naming a missing or mistyped member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        created = try container.decode(Int64.self, forKey: .created)
        model = try container.decode(String.self, forKey: .model)
        choices = try container.decode([ChatChoice].self, forKey: .choices)
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
        systemFingerprint = try container.decodeIfPresent(String.self, forKey: .systemFingerprint)
        extra = try UnknownFields.decode(from: decoder, known: CodingKeys.names)
    }

    /// Encodes a `chat.completion` object.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode("chat.completion", forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encode(choices, forKey: .choices)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encodeIfPresent(systemFingerprint, forKey: .systemFingerprint)
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}

extension ChatChoice: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case index, message, logprobs
        case finishReason = "finish_reason"
    }

    /// Decodes a choice.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` naming a missing or mistyped member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decodeIfPresent(Int.self, forKey: .index) ?? 0
        message = try container.decode(ChatMessage.self, forKey: .message)
        finishReason = try container.decodeIfPresent(FinishReason.self, forKey: .finishReason)
        logprobs = try container.decodeIfPresent(JSONValue.self, forKey: .logprobs)
        extra = try UnknownFields.decode(from: decoder, known: CodingKeys.names)
    }

    /// Encodes a choice; `finish_reason` and `logprobs` are written as `null` when absent, as OpenAI does.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(message, forKey: .message)
        try container.encode(logprobs ?? .null, forKey: .logprobs)
        if let finishReason {
            try container.encode(finishReason, forKey: .finishReason)
        } else {
            try container.encodeNil(forKey: .finishReason)
        }
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}
