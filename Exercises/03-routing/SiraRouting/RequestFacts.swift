// Generated from Sources/SiraRouting/RequestFacts.swift by scripts/make-starters. Nothing to write here.
import SiraCore

/// What routing needs to know about a request, computed once per request.
///
/// Token counts are estimates (a quarter of the characters, plus a little per message), which is
/// what a gateway can afford before the provider counts; they only need to be good enough to keep a
/// 150,000-token prompt away from a 128,000-token model.
public struct RequestFacts: Sendable, Hashable {
    /// Estimated prompt tokens.
    public var estimatedPromptTokens: Int
    /// The output the request allows (`max_tokens`), or a default of 1,000 for cost estimates.
    public var expectedOutputTokens: Int
    /// Prompt plus the output limit, which must fit the context window.
    public var estimatedTokens: Int {
        let (sum, overflow) = estimatedPromptTokens.addingReportingOverflow(declaredOutputTokens ?? 0)
        return overflow ? Int.max : sum
    }
    /// The output limit the client set, if any.
    public var declaredOutputTokens: Int?
    /// Whether the request offers tools.
    public var needsTools: Bool
    /// Whether the request contains images.
    public var needsVision: Bool
    /// Whether the request asks for output following a JSON schema.
    public var needsJSONSchema: Bool
    /// Whether the answer is streamed.
    public var stream: Bool
    /// Routing metadata from the client (`x-sira-metadata: {"tier":"gold"}`).
    public var metadata: [String: String]
    /// The caller's key id, when known (chapter 07).
    public var caller: String?
    /// Whether this is an embeddings request (only targets that embed can serve it).
    public var needsEmbeddings = false

    /// Creates facts directly (tests, `sira explain`).
    /// - Parameters:
    ///   - estimatedPromptTokens: Prompt tokens.
    ///   - declaredOutputTokens: The output limit.
    ///   - needsTools: Tools offered.
    ///   - needsVision: Images present.
    ///   - needsJSONSchema: Structured output asked for.
    ///   - stream: Streamed.
    ///   - metadata: Routing metadata.
    ///   - caller: The caller.
    public init(
        estimatedPromptTokens: Int = 10, declaredOutputTokens: Int? = nil, needsTools: Bool = false,
        needsVision: Bool = false, needsJSONSchema: Bool = false, stream: Bool = false,
        metadata: [String: String] = [:], caller: String? = nil
    ) {
        self.estimatedPromptTokens = estimatedPromptTokens
        // Clients may send any integer; a trillion tokens is beyond every model and cannot overflow.
        let limit = declaredOutputTokens.map { min(max(0, $0), 1 << 40) }
        self.declaredOutputTokens = limit
        self.expectedOutputTokens = limit ?? 1000
        self.needsTools = needsTools
        self.needsVision = needsVision
        self.needsJSONSchema = needsJSONSchema
        self.stream = stream
        self.metadata = metadata
        self.caller = caller
    }

    /// The facts of a chat request.
    /// - Parameters:
    ///   - request: The request.
    ///   - metadata: Routing metadata (from the `x-sira-metadata` header).
    ///   - caller: The caller.
    public init(_ request: ChatRequest, metadata: [String: String] = [:], caller: String? = nil) {
        var characters = 0
        var images = false
        for message in request.messages {
            characters += 16  // role and framing
            switch message.content {
            case .text(let text)?: characters += text.count
            case .parts(let parts)?:
                for part in parts {
                    switch part {
                    case .text(let text): characters += text.text.count
                    case .image:
                        images = true
                        characters += 3000  // an image is hundreds to a few thousand tokens
                    default: characters += 400
                    }
                }
            case nil: break
            }
            for call in message.toolCalls ?? [] { characters += call.name.count + call.arguments.count }
        }
        var schema = false
        if case .jsonSchema? = request.responseFormat { schema = true }
        self.init(
            estimatedPromptTokens: max(1, characters / 4), declaredOutputTokens: request.outputTokenLimit,
            needsTools: !(request.tools ?? []).isEmpty, needsVision: images, needsJSONSchema: schema,
            stream: request.isStreaming, metadata: metadata, caller: caller)
    }
}
