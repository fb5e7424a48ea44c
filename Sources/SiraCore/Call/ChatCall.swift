// The call level's input (docs/architecture.md §1): a model call, decoded from whichever API the client spoke.

/// What a provider is asked to do: the request in the neutral model, the upstream model, and what
/// a same-format upstream needs to receive the client's own bytes.
///
/// It holds what every provider needs and nothing one policy needs: per-request facts that policies
/// share (the caller, the routing metadata, the report of attempts) live in the `RequestContext`.
public struct ChatCall: Sendable {
    /// The request in the neutral model; `request.model` is the public name.
    public var request: ChatRequest
    /// The model name to ask the upstream for.
    public var upstreamModel: String
    /// The API the client spoke, which decides whether a pass-through answer can be forwarded.
    public var clientFormat: APIFormat
    /// The client's body as received, for pass-through to an upstream of the same format.
    public var originalBody: [UInt8]?
    /// Client header fields a same-format upstream should see (`anthropic-beta`).
    public var forwardedHeaders: Headers = [:]

    /// Creates a call.
    /// - Parameters:
    ///   - request: The neutral request.
    ///   - upstreamModel: The upstream model name.
    ///   - clientFormat: The client's API.
    ///   - originalBody: The body as received.
    public init(
        request: ChatRequest, upstreamModel: String, clientFormat: APIFormat = .openAI, originalBody: [UInt8]? = nil
    ) {
        self.request = request
        self.upstreamModel = upstreamModel
        self.clientFormat = clientFormat
        self.originalBody = originalBody
    }
}
