import Logging

/// What the pipeline knows about a request besides its bytes: who sent it, when it must finish,
/// and where to log. Policies read it and pass a changed copy to `next`.
public struct RequestContext: Sendable {
    /// A unique id, returned to the client as `x-sira-request-id` and attached to every log line.
    public var requestID: String
    /// The authenticated caller; `nil` until the auth policy (chapter 07) admits the request.
    public var caller: Caller?
    /// Routing metadata: the client's `x-sira-metadata` header (a JSON object of strings, read by the
    /// endpoint), or set by policies; conditional routing and logs read it.
    public var metadata: [String: String]
    /// When the request must be answered by; waits beyond it give up.
    public var deadline: ClockInstant?
    /// The clock every policy reads time from, so tests can drive time by hand.
    public var clock: any GatewayClock
    /// When the gateway received the request.
    public var receivedAt: ClockInstant
    /// The request's logger, with `request-id` already set as metadata.
    public var logger: Logger
    /// What routing, policies and providers learn while the request is answered (attempts, usage,
    /// response fields). One per request: copies of the context share it.
    public let report: CallReport

    /// Creates a context for a request received now.
    /// - Parameters:
    ///   - requestID: A unique id.
    ///   - clock: The clock to read time from.
    ///   - logger: The base logger; the request id is added to its metadata.
    ///   - deadline: When the request must be answered by.
    public init(requestID: String, clock: any GatewayClock, logger: Logger, deadline: ClockInstant? = nil) {
        self.requestID = requestID
        self.caller = nil
        self.metadata = [:]
        self.deadline = deadline
        self.clock = clock
        self.receivedAt = clock.now
        var logger = logger
        logger[metadataKey: "request-id"] = .string(requestID)
        self.logger = logger
        self.report = CallReport()
    }
}

/// Who is calling, once authenticated: the key and where it belongs.
public struct Caller: Hashable, Sendable {
    /// The virtual key's id (never the key itself).
    public var keyID: String
    /// The tenant the key belongs to, if tenancy is configured.
    public var tenant: String?
    /// The team within the tenant.
    public var team: String?

    /// Creates a caller.
    /// - Parameters:
    ///   - keyID: The key's id.
    ///   - tenant: The tenant.
    ///   - team: The team.
    public init(keyID: String, tenant: String? = nil, team: String? = nil) {
        self.keyID = keyID
        self.tenant = tenant
        self.team = team
    }
}
