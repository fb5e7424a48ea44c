// What the pass-through path reads from a chat request instead of decoding it (docs/architecture.md
// §3.1): when the upstream speaks the client's format, the body goes up as received, so the gateway
// needs only the model (to route), `stream` (to read the answer) and the member names (for providers
// that refuse some). Decoding a request costs a tree of values and a typed copy of every message;
// scanning it costs one pass over the bytes.

/// A chat request read without decoding it: its model, whether it streams, and which members it sets.
///
/// Both chat formats Sira serves (OpenAI's chat completions and Anthropic's messages) put `model`,
/// `messages` and `stream` at the top level, so one scan serves both. The body is checked to be JSON
/// as strictly as decoding checks it (`JSONObjectScan`), and the members read here are checked for
/// their types, with errors of the same kind that name the same member; the rest is the upstream's to
/// judge.
public struct ChatRequestScan: Sendable, Hashable {
    /// The model the client asked for.
    public var model: String
    /// Whether the client asked for a stream.
    public var isStreaming: Bool
    /// Whether the client asked for the usage chunk at the end of a stream
    /// (`stream_options.include_usage`, OpenAI's format).
    public var includeUsageInStream: Bool
    /// The top-level members the request sets, sorted, each once: every member but `model`,
    /// `messages` and `stream`, and none whose value is `null` (OpenAI defines a `null` member as
    /// absent). `ChatRequest.memberNames` lists the same for the decoded request.
    public var memberNames: [String]

    /// Scans a chat request body.
    /// - Parameters:
    ///   - body: The body as received.
    ///   - format: The client's API (`stream_options` is read only in OpenAI's).
    /// - Throws: `GatewayError` of kind `invalidJSON` for text that is not JSON, `invalidRequest` for
    ///   a body that is not an object, lacks `model` or `messages`, or has one of them, `stream` or
    ///   (OpenAI's) `stream_options` of the wrong type.
    public init(_ body: [UInt8], format: APIFormat = .openAI) throws {
        try self.init(body, contents: "messages", readsStreamOptions: format == .openAI)
    }

    /// Scans an OpenAI Responses API request body: the same facts, with `input` (a string or an array of
    /// items) where a chat request has `messages`. `input` may be absent (a stored prompt template,
    /// `prompt: {id}`, supplies it upstream); decoding for translation requires it.
    /// - Parameter body: The body as received.
    /// - Throws: What `init(_:format:)` throws, naming `input` instead of `messages`.
    public init(responses body: [UInt8]) throws {
        try self.init(
            body, contents: "input", readsStreamOptions: true, contentsMayBeText: true, contentsOptional: true)
    }

    private init(
        _ body: [UInt8], contents: String, readsStreamOptions: Bool, contentsMayBeText: Bool = false,
        contentsOptional: Bool = false
    ) throws {
        let object: JSONObjectScan
        do {
            object = try JSONObjectScan(body)
        } catch let error as DecodingError {
            throw GatewayError(decoding: error)
        }
        // The value a parser keeps for each name is the last one: one pass, not a search per name (a
        // body may have a million members).
        var last: [String: Range<Int>] = [:]
        for member in object.members { last[member.name] = member.value }
        func value(_ name: String) -> ArraySlice<UInt8>? {
            guard let range = last[name], !Self.isNull(body[range]) else { return nil }
            return body[range]
        }
        func wrongType(_ name: String, _ type: String) -> GatewayError {
            GatewayError(.invalidRequest, "Member '\(name)' must be of type \(type).", param: name)
        }
        func missing(_ name: String) -> GatewayError {
            GatewayError(.invalidRequest, "Missing required member '\(name)'.", param: name)
        }

        guard let model = value("model") else {
            throw last["model"] == nil ? missing("model") : wrongType("model", "String")
        }
        guard model.first == UInt8(ascii: "\""), let name = (try? JSONValue(parsing: model))?.stringValue else {
            throw wrongType("model", "String")
        }
        let contentsType = contentsMayBeText ? "String or Array" : "Array"
        if let messages = value(contents) {
            guard messages.first == UInt8(ascii: "[") || (contentsMayBeText && messages.first == UInt8(ascii: "\""))
            else { throw wrongType(contents, contentsType) }
        } else if !contentsOptional || last[contents] != nil {
            throw last[contents] == nil ? missing(contents) : wrongType(contents, contentsType)
        }

        let stream = value("stream")
        guard stream == nil || stream!.elementsEqual("true".utf8) || stream!.elementsEqual("false".utf8) else {
            throw wrongType("stream", "Bool")
        }
        var includeUsage = false
        if readsStreamOptions, let options = value("stream_options") {
            guard options.first == UInt8(ascii: "{"), let parsed = (try? JSONValue(parsing: options))?.objectValue
            else { throw wrongType("stream_options", "Object") }
            includeUsage = parsed["include_usage"] == .bool(true)
        }

        let unlisted: Set<String> = ["model", contents, "stream"]
        let names = last.keys.filter { !unlisted.contains($0) && value($0) != nil }.sorted()
        self.model = name
        self.isStreaming = stream?.elementsEqual("true".utf8) ?? false
        self.includeUsageInStream = includeUsage
        self.memberNames = names
    }

    /// Creates a scan's result directly (tests).
    /// - Parameters:
    ///   - model: The model.
    ///   - isStreaming: Whether it streams.
    ///   - includeUsageInStream: Whether the usage chunk was asked for.
    ///   - memberNames: The members set.
    public init(
        model: String, isStreaming: Bool = false, includeUsageInStream: Bool = false, memberNames: [String] = []
    ) {
        self.model = model
        self.isStreaming = isStreaming
        self.includeUsageInStream = includeUsageInStream
        self.memberNames = memberNames
    }

    private static func isNull(_ value: ArraySlice<UInt8>) -> Bool { value.elementsEqual("null".utf8) }
}
