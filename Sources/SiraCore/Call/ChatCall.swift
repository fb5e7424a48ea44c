// The call level's input (docs/architecture.md §1): a model call, decoded from whichever API the client
// spoke, or only scanned when the upstream speaks that API too.

/// What a provider is asked to do: the request, the upstream model, and what a same-format upstream
/// needs to receive the client's own bytes.
///
/// The request comes in one of two forms. Decoded, it is the neutral `ChatRequest` that a provider
/// translates. Scanned, only the facts the pass-through path needs were read (`ChatRequestScan`):
/// the endpoint scans instead of decoding when a single deployment forwards the client's format
/// as it is, which saves most of the gateway's own work on that path. Read `model`, `isStreaming`
/// and `memberNames` on any call; ask for `decodedRequest()` only where the neutral request is
/// needed.
///
/// It holds what every provider needs and nothing one policy needs: per-request facts that policies
/// share (the caller, the routing metadata, the report of attempts) live in the `RequestContext`.
public struct ChatCall: Sendable {
    /// The two forms of a request.
    public enum Content: Sendable {
        /// Decoded into the neutral model; `request.model` is the public name.
        case decoded(ChatRequest)
        /// Scanned: the body is `originalBody` (or `responsesBody` for a Responses API call), and
        /// decoding it is left to whoever needs it.
        case scanned(ChatRequestScan, decode: @Sendable ([UInt8]) throws -> ChatRequest)
    }

    /// The request, decoded or scanned.
    public var content: Content
    /// The model name to ask the upstream for.
    public var upstreamModel: String
    /// The API the client spoke, which decides whether a pass-through answer can be forwarded.
    public var clientFormat: APIFormat
    /// The client's body as received, for pass-through to an upstream of the same format.
    public var originalBody: [UInt8]?
    /// The client's body when it spoke OpenAI's Responses API (`POST /v1/responses`): an upstream that
    /// serves that API gets it as it is (only the model changed), every other one the neutral request.
    /// A same-format reply (`.passthrough`, `.forwarded`) to such a call is a Responses API answer
    /// (`wireFormat`).
    public var responsesBody: [UInt8]?
    /// Client header fields a same-format upstream should see (`anthropic-beta`).
    public var forwardedHeaders: Headers = [:]
    /// The client's header fields that call policies read (today `cache-control`, for the cache): only
    /// those, so credentials (`authorization`) never travel with the call. Never sent upstream.
    public var clientHeaders: Headers = [:]

    /// Creates a call from a decoded request.
    /// - Parameters:
    ///   - request: The neutral request.
    ///   - upstreamModel: The upstream model name.
    ///   - clientFormat: The client's API.
    ///   - originalBody: The body as received.
    public init(
        request: ChatRequest, upstreamModel: String, clientFormat: APIFormat = .openAI, originalBody: [UInt8]? = nil
    ) {
        self.content = .decoded(request)
        self.upstreamModel = upstreamModel
        self.clientFormat = clientFormat
        self.originalBody = originalBody
    }

    /// Creates a call from a scanned body, for the pass-through path.
    /// - Parameters:
    ///   - scan: What the scan found.
    ///   - body: The body as received.
    ///   - upstreamModel: The upstream model name.
    ///   - clientFormat: The client's API.
    ///   - decode: How to decode `body` into the neutral model, for a policy or provider that needs it.
    public init(
        scanned scan: ChatRequestScan, body: [UInt8], upstreamModel: String, clientFormat: APIFormat,
        decode: @escaping @Sendable ([UInt8]) throws -> ChatRequest
    ) {
        self.content = .scanned(scan, decode: decode)
        self.upstreamModel = upstreamModel
        self.clientFormat = clientFormat
        self.originalBody = body
    }

    /// Creates a call from a Responses API body that was only scanned: the body travels as
    /// `responsesBody`, and `decode` turns it into the neutral request for whoever needs that (a
    /// provider that translates, a group's routing).
    /// - Parameters:
    ///   - scan: What the scan found (the model, `stream`, the member names).
    ///   - body: The body as received.
    ///   - upstreamModel: The upstream model name.
    ///   - decode: How to decode a Responses body into the neutral model.
    public init(
        responses scan: ChatRequestScan, body: [UInt8], upstreamModel: String,
        decode: @escaping @Sendable ([UInt8]) throws -> ChatRequest
    ) {
        self.content = .scanned(scan, decode: { _ in try decode(body) })
        self.upstreamModel = upstreamModel
        self.clientFormat = .openAI
        self.responsesBody = body
    }

    /// The format of a same-format reply to this call: the client's API, or the Responses API for a call
    /// that carries a Responses body.
    public var wireFormat: WireFormat {
        if responsesBody != nil { return .responses }
        switch clientFormat {
        case .openAI: return .openAI
        case .anthropic: return .anthropic
        }
    }

    /// The decoded request, or `nil` when the body was only scanned.
    public var request: ChatRequest? {
        if case .decoded(let request) = content { return request }
        return nil
    }

    /// The neutral request: the decoded one, or the body decoded now (each call decodes again; a
    /// policy that needs it more than once calls `decode()`).
    /// - Returns: The request.
    /// - Throws: The 400 that decoding the client's body throws.
    public func decodedRequest() throws -> ChatRequest {
        switch content {
        case .decoded(let request): return request
        case .scanned(_, let decode): return try decode(originalBody ?? [])
        }
    }

    /// Decodes a scanned call in place, so later readers find it decoded.
    /// - Returns: The request.
    /// - Throws: The 400 that decoding the client's body throws.
    @discardableResult
    public mutating func decode() throws -> ChatRequest {
        let request = try decodedRequest()
        content = .decoded(request)
        return request
    }

    /// The public model name the client asked for.
    public var model: String {
        switch content {
        case .decoded(let request): return request.model
        case .scanned(let scan, _): return scan.model
        }
    }

    /// Whether the client asked for a stream.
    public var isStreaming: Bool {
        switch content {
        case .decoded(let request): return request.isStreaming
        case .scanned(let scan, _): return scan.isStreaming
        }
    }

    /// Whether the client asked for the usage chunk at the end of a stream.
    public var includeUsageInStream: Bool {
        switch content {
        case .decoded(let request): return request.includeUsageInStream
        case .scanned(let scan, _): return scan.includeUsageInStream
        }
    }

    /// The header fields a call policy may read, copied into `clientHeaders` by the endpoints.
    public static let policyHeaderFields: Set<String> = ["cache-control"]

    /// The fields of a request that call policies may read (`policyHeaderFields`), and no others.
    /// - Parameter headers: The request's header fields.
    /// - Returns: Those fields, in order.
    public static func policyHeaders(of headers: Headers) -> Headers {
        Headers(fields: headers.fields.filter { policyHeaderFields.contains($0.name.lowercased()) })
    }

    /// The top-level members the request sets, by their JSON names, sorted, `model`, `messages` and
    /// `stream` aside, and none whose value is `null`.
    public var memberNames: [String] {
        switch content {
        case .decoded(let request): return request.memberNames
        case .scanned(let scan, _): return scan.memberNames
        }
    }
}

/// The wire format of a body or stream the gateway forwards as it came: what a pass-through reply is
/// written in, and so how it is read (its usage, its commit point, its end) and when it may be cached.
///
/// It is finer than `APIFormat`, which names the error shape a client gets: a Responses API client gets
/// OpenAI's error shape, but its answers are `response` objects and typed events, not chat completions.
public enum WireFormat: Hashable, Sendable {
    /// OpenAI's chat completions: a `chat.completion` object, or `chat.completion.chunk` events ending
    /// with `data: [DONE]`.
    case openAI
    /// Anthropic's messages: a `message` object, or message events ending with `message_stop`.
    case anthropic
    /// OpenAI's Responses API: a `response` object, or typed events ending with `response.completed`
    /// (or `response.incomplete`, `response.failed`, `error`).
    case responses
}
