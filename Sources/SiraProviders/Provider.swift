import SiraCore
import Synchronization

/// An LLM provider: something that answers a chat request.
///
/// Each provider kind (OpenAI, Anthropic, Gemini, …) calls its upstream in its own wire format.
/// When the client speaks the same format as the upstream, a provider forwards the client's body
/// with only the model changed and returns the upstream's answer as it came (`.passthrough`);
/// otherwise it translates through the neutral model (`.whole`, `.stream`).
public protocol Provider: Sendable {
    /// The provider's configured name, reported to clients as `x-sira-provider`.
    var name: String { get }

    /// Answers a chat request.
    /// - Parameters:
    ///   - call: The request, in the neutral model and as received.
    ///   - context: The request's context (id, deadline, clock, logger).
    /// - Returns: The answer.
    /// - Throws: A `GatewayError` whose kind says whose fault the failure was.
    func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply

    /// Whether a client speaking `format` gets the upstream's answer as it came (same format, no
    /// translation). A surface uses this to decide whether members it could not translate matter.
    /// - Parameter format: The client's API.
    /// - Returns: `true` when the provider forwards that format untouched.
    func passesThrough(_ format: ErrorFormat) -> Bool

    /// Members of a request this provider leaves behind when it translates, because losing them
    /// is harmless (a `seed`, OpenAI's `metadata`, members it does not know). The surface names
    /// them in the `x-sira-dropped` response header. Members whose loss would change the answer
    /// are refused with a 400 instead, by the translator.
    /// - Parameter request: The neutral request.
    /// - Returns: The members' names, in request order.
    func droppedMembers(of request: ChatRequest) -> [String]
}

extension Provider {
    /// By default a provider translates for every client.
    /// - Parameter format: The client's API.
    /// - Returns: `false`.
    public func passesThrough(_ format: ErrorFormat) -> Bool { false }

    /// By default a provider leaves nothing behind.
    /// - Parameter request: The neutral request.
    /// - Returns: No members.
    public func droppedMembers(of request: ChatRequest) -> [String] { [] }
}

/// How a stream ended, as far as the target's health is concerned.
public enum StreamEnd: Sendable, Hashable {
    /// With its format's last event.
    case complete
    /// Cut short, or with an error event (the upstream's own, or the one the gateway added).
    case failed
    /// The client went away: nobody's fault.
    case abandoned
}

/// What a provider is asked to do.
public struct ChatCall: Sendable {
    /// The request in the neutral model; `request.model` is the public name.
    public var request: ChatRequest
    /// The model name to ask the upstream for.
    public var upstreamModel: String
    /// The API the client spoke, which decides whether a pass-through answer can be forwarded.
    public var clientFormat: ErrorFormat
    /// The client's body as received, for pass-through to an upstream of the same format.
    public var originalBody: [UInt8]?
    /// Client header fields a same-format upstream should see (`anthropic-beta`).
    public var forwardedHeaders: Headers = [:]
    /// Routing metadata from the client (the `x-sira-metadata` header, a JSON object of strings).
    public var metadata: [String: String] = [:]
    /// Where a provider that makes several attempts (routing) records them, for the response headers.
    public var report: CallReport?
    /// Told how a forwarded (pass-through) stream ended, once, when it ends. A forwarded stream
    /// cannot throw: a cut or an upstream error reaches the client as an error event in its own
    /// format, and the stream then simply ends. Routing still needs to know, to judge the target.
    public var streamEnded: (@Sendable (StreamEnd) -> Void)?

    /// The client's body with only the top-level model replaced, for an upstream of the client's
    /// own format (the pass-through principle: unknown members reach the upstream untouched).
    public var passThroughBody: [UInt8]? {
        originalBody.flatMap { ModelFieldRewriter.replacingModel(in: $0, with: upstreamModel) }
    }

    /// Creates a call.
    /// - Parameters:
    ///   - request: The neutral request.
    ///   - upstreamModel: The upstream model name.
    ///   - clientFormat: The client's API.
    ///   - originalBody: The body as received.
    public init(
        request: ChatRequest, upstreamModel: String, clientFormat: ErrorFormat = .openAI, originalBody: [UInt8]? = nil
    ) {
        self.request = request
        self.upstreamModel = upstreamModel
        self.clientFormat = clientFormat
        self.originalBody = originalBody
    }
}

/// A provider's answer.
public enum ProviderReply: Sendable {
    /// The whole answer, in the neutral model.
    case whole(ChatResponse)
    /// The answer as it is produced, in the neutral model. A stream that fails after its first
    /// chunk ends the client's stream with an error event (DESIGN.md §3.2).
    case stream(ChunkStream)
    /// The upstream's answer in the client's own format, to forward as it is (status 200; errors
    /// are thrown as `GatewayError`s instead).
    case passthrough(headers: Headers, body: ResponseBody)
}

/// What happened while a call was answered: each attempt's provider, model and outcome, and the
/// time spent waiting for upstreams. A routing provider fills it; the surface reads it to write
/// `x-sira-provider`, `x-sira-model`, `x-sira-attempts` and `x-sira-overhead-ms`.
public final class CallReport: Sendable {
    /// One attempt.
    public struct Attempt: Sendable, Hashable {
        /// The provider's name.
        public var provider: String
        /// The upstream model.
        public var model: String
        /// The error code when the attempt failed; `nil` for the answer.
        public var error: String?

        /// Creates an attempt record.
        /// - Parameters:
        ///   - provider: The provider.
        ///   - model: The upstream model.
        ///   - error: The error code, if it failed.
        public init(provider: String, model: String, error: String? = nil) {
            self.provider = provider
            self.model = model
            self.error = error
        }
    }

    private struct State {
        var attempts: [Attempt] = []
        var upstreamTime: Duration = .zero
        var counted = false
    }

    private let state = Mutex(State())

    /// Creates an empty report.
    public init() {}

    /// Records an attempt.
    /// - Parameters:
    ///   - attempt: The attempt.
    ///   - upstreamTime: How long it waited for the upstream.
    public func record(_ attempt: Attempt, upstreamTime: Duration) {
        state.withLock { state in
            state.attempts.append(attempt)
            state.upstreamTime += upstreamTime
        }
    }

    /// Says that the attempts recorded here are all there were (a routing provider counts them),
    /// so none recorded means none made, such as a request no target could serve. Without it, a
    /// provider that records nothing made one attempt of its own.
    public func countsAttempts() { state.withLock { $0.counted = true } }

    /// Whether the recorded attempts are all there were.
    public var isCounted: Bool { state.withLock { $0.counted } }

    /// The attempts, in order.
    public var attempts: [Attempt] { state.withLock { $0.attempts } }

    /// The time spent waiting for upstreams, over all attempts.
    public var upstreamTime: Duration { state.withLock { $0.upstreamTime } }
}
