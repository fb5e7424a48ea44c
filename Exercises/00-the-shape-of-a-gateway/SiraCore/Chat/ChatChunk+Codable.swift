// Generated from Sources/SiraCore/Chat/ChatChunk+Codable.swift by scripts/make-starters. Nothing to write here.
// The wire form of stream chunks.

extension ChatChunk: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created, model, choices, usage
    }

    /// Decodes a `chat.completion.chunk`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` naming a missing or mistyped member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        created = try container.decode(Int64.self, forKey: .created)
        model = try container.decode(String.self, forKey: .model)
        choices = try container.decodeIfPresent([ChunkChoice].self, forKey: .choices) ?? []
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
        extra = try UnknownFields.decode(from: decoder, known: CodingKeys.names)
    }

    /// Encodes a `chat.completion.chunk`.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode("chat.completion.chunk", forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encode(choices, forKey: .choices)
        try container.encodeIfPresent(usage, forKey: .usage)
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}

extension ChunkChoice: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case index, delta
        case finishReason = "finish_reason"
    }

    /// Decodes a chunk choice.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` naming a missing or mistyped member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decodeIfPresent(Int.self, forKey: .index) ?? 0
        delta = try container.decodeIfPresent(MessageDelta.self, forKey: .delta) ?? MessageDelta()
        finishReason = try container.decodeIfPresent(FinishReason.self, forKey: .finishReason)
        extra = try UnknownFields.decode(from: decoder, known: CodingKeys.names)
    }

    /// Encodes a chunk choice; `finish_reason` is `null` until the last chunk, as OpenAI writes it.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(delta, forKey: .delta)
        if let finishReason {
            try container.encode(finishReason, forKey: .finishReason)
        } else {
            try container.encodeNil(forKey: .finishReason)
        }
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}

extension MessageDelta: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, refusal
        case toolCalls = "tool_calls"
    }

    /// Decodes a delta.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` for a mistyped member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decodeIfPresent(Role.self, forKey: .role)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
        toolCalls = try container.decodeIfPresent([ToolCallDelta].self, forKey: .toolCalls)
        extra = try UnknownFields.decode(from: decoder, known: CodingKeys.names)
    }

    /// Encodes a delta with only the members that are set.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encodeIfPresent(content, forKey: .content)
        try container.encodeIfPresent(refusal, forKey: .refusal)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}

extension ToolCallDelta: Codable {
    private enum CodingKeys: String, CodingKey { case index, id, type, function }
    private enum FunctionKeys: String, CodingKey { case name, arguments }

    /// Decodes a tool-call fragment.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` for a mistyped member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decodeIfPresent(Int.self, forKey: .index) ?? 0
        id = try container.decodeIfPresent(String.self, forKey: .id)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        if container.contains(.function), try !container.decodeNil(forKey: .function) {
            let function = try container.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
            name = try function.decodeIfPresent(String.self, forKey: .name)
            arguments = try function.decodeIfPresent(String.self, forKey: .arguments)
        }
    }

    /// Encodes a tool-call fragment with only the members that are set.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: Never in practice.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(type, forKey: .type)
        if name != nil || arguments != nil {
            var function = container.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
            try function.encodeIfPresent(name, forKey: .name)
            try function.encodeIfPresent(arguments, forKey: .arguments)
        }
    }
}
