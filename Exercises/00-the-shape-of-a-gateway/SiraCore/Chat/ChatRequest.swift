// Generated from Sources/SiraCore/Chat/ChatRequest.swift by scripts/make-starters. Nothing to write here.
// The neutral chat request: what a client asked for, whichever API it spoke.

/// A chat request in the neutral model, shaped like OpenAI's `POST /v1/chat/completions` body.
///
/// The fields the gateway reasons about are typed (routing reads `model` and `tools`, budgets read
/// `maxTokens`, adapters translate them all). Every other member is kept in `extra` and written
/// back, so decoding and encoding a request loses nothing. A member whose value is `null` is
/// treated as absent (OpenAI defines them the same), except a message's `content`.
public struct ChatRequest: Hashable, Sendable {
    /// The model the client asked for: a public model name, routed by the gateway.
    public var model: String
    /// The conversation.
    public var messages: [ChatMessage]
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling.
    public var topP: Double?
    /// Top-k sampling (Anthropic, Gemini and many open-model servers; not OpenAI).
    public var topK: Int?
    /// How many choices to generate.
    public var n: Int?
    /// The older output-token limit.
    public var maxTokens: Int?
    /// The output-token limit including reasoning tokens.
    public var maxCompletionTokens: Int?
    /// Stop sequences.
    public var stop: StopSequences?
    /// Presence penalty, −2…2.
    public var presencePenalty: Double?
    /// Frequency penalty, −2…2.
    public var frequencyPenalty: Double?
    /// Best-effort determinism.
    public var seed: Int64?
    /// An end-user id.
    public var user: String?
    /// Whether to answer with a stream of server-sent events.
    public var stream: Bool?
    /// Stream options, such as `include_usage`.
    public var streamOptions: JSONObject?
    /// Tools the model may call.
    public var tools: [ToolDefinition]?
    /// How the model must use the tools.
    public var toolChoice: ToolChoice?
    /// Whether the model may call several tools at once.
    public var parallelToolCalls: Bool?
    /// The required shape of the answer.
    public var responseFormat: ResponseFormat?
    /// String key/value pairs about the request.
    public var metadata: JSONObject?
    /// Every other member of the request, kept as received.
    public var extra: JSONObject

    /// Creates a request; every optional parameter starts unset.
    /// - Parameters:
    ///   - model: The public model name.
    ///   - messages: The conversation.
    public init(model: String, messages: [ChatMessage]) {
        self.model = model
        self.messages = messages
        self.extra = [:]
    }

    /// Whether the client asked for a stream.
    public var isStreaming: Bool { stream ?? false }

    /// Whether the client asked for the usage chunk at the end of a stream.
    public var includeUsageInStream: Bool { streamOptions?["include_usage"] == .bool(true) }

    /// The output-token limit the client set, whichever field it used.
    public var outputTokenLimit: Int? { maxCompletionTokens ?? maxTokens }

    /// The top-level members this request sets, by their JSON names (`logprobs`, `max_tokens`…), sorted:
    /// every member but `model`, `messages` and `stream`, and none whose value is `null` (absent, as
    /// OpenAI defines it; `extra` keeps such members, to forward them). `ChatRequestScan` lists the same
    /// without decoding.
    public var memberNames: [String] {
        var names: [String] = []
        func add(_ name: String, _ isSet: Bool) { if isSet { names.append(name) } }
        add("temperature", temperature != nil)
        add("top_p", topP != nil)
        add("top_k", topK != nil)
        add("n", n != nil)
        add("max_tokens", maxTokens != nil)
        add("max_completion_tokens", maxCompletionTokens != nil)
        add("stop", stop != nil)
        add("presence_penalty", presencePenalty != nil)
        add("frequency_penalty", frequencyPenalty != nil)
        add("seed", seed != nil)
        add("user", user != nil)
        add("stream_options", streamOptions != nil)
        add("tools", tools != nil)
        add("tool_choice", toolChoice != nil)
        add("parallel_tool_calls", parallelToolCalls != nil)
        add("response_format", responseFormat != nil)
        add("metadata", metadata != nil)
        return (names + extra.filter { $0.value != .null }.keys).sorted()
    }
}

extension ChatRequest: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case model, messages, temperature, n, stop, seed, user, stream, tools, metadata
        case topP = "top_p"
        case topK = "top_k"
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case streamOptions = "stream_options"
        case toolChoice = "tool_choice"
        case parallelToolCalls = "parallel_tool_calls"
        case responseFormat = "response_format"
    }

    /// Decodes an OpenAI chat request, keeping unknown members in `extra`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` naming the member that is missing or of the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        messages = try container.decode([ChatMessage].self, forKey: .messages)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        n = try container.decodeIfPresent(Int.self, forKey: .n)
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens)
        maxCompletionTokens = try container.decodeIfPresent(Int.self, forKey: .maxCompletionTokens)
        stop = try container.decodeIfPresent(StopSequences.self, forKey: .stop)
        presencePenalty = try container.decodeIfPresent(Double.self, forKey: .presencePenalty)
        frequencyPenalty = try container.decodeIfPresent(Double.self, forKey: .frequencyPenalty)
        seed = try container.decodeIfPresent(Int64.self, forKey: .seed)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try container.decodeIfPresent(JSONObject.self, forKey: .streamOptions)
        tools = try container.decodeIfPresent([ToolDefinition].self, forKey: .tools)
        toolChoice = try container.decodeIfPresent(ToolChoice.self, forKey: .toolChoice)
        parallelToolCalls = try container.decodeIfPresent(Bool.self, forKey: .parallelToolCalls)
        responseFormat = try container.decodeIfPresent(ResponseFormat.self, forKey: .responseFormat)
        metadata = try container.decodeIfPresent(JSONObject.self, forKey: .metadata)
        extra = try UnknownFields.decode(from: decoder, known: CodingKeys.names)
    }

    /// Encodes an OpenAI chat request, `extra` included.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(messages, forKey: .messages)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(topK, forKey: .topK)
        try container.encodeIfPresent(n, forKey: .n)
        try container.encodeIfPresent(maxTokens, forKey: .maxTokens)
        try container.encodeIfPresent(maxCompletionTokens, forKey: .maxCompletionTokens)
        try container.encodeIfPresent(stop, forKey: .stop)
        try container.encodeIfPresent(presencePenalty, forKey: .presencePenalty)
        try container.encodeIfPresent(frequencyPenalty, forKey: .frequencyPenalty)
        try container.encodeIfPresent(seed, forKey: .seed)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(stream, forKey: .stream)
        try container.encodeIfPresent(streamOptions, forKey: .streamOptions)
        try container.encodeIfPresent(tools, forKey: .tools)
        try container.encodeIfPresent(toolChoice, forKey: .toolChoice)
        try container.encodeIfPresent(parallelToolCalls, forKey: .parallelToolCalls)
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        try container.encodeIfPresent(metadata, forKey: .metadata)
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}
