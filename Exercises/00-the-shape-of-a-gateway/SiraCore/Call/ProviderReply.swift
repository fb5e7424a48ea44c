// Generated from Sources/SiraCore/Call/ProviderReply.swift by scripts/make-starters. Nothing to write here.
// The call and attempt levels' output: what a provider answered.

/// A provider's answer.
public enum ProviderReply: Sendable {
    /// The whole answer, in the neutral model.
    case whole(ChatResponse)
    /// The answer as it is produced, in the neutral model. A stream that fails after its first
    /// chunk throws from `next()`; the endpoint ends the client's stream with an error event in the
    /// client's format (DESIGN.md §3.2).
    case stream(ChunkStream)
    /// The upstream's answer in the client's own format, to forward as it is (status 200; errors
    /// are thrown as `GatewayError`s instead). A forwarded stream that fails after its first bytes
    /// throws too: a `GatewayError` when the endpoint should still write the error event, a
    /// `ForwardedStreamFailure` when the upstream's own error event already went to the client.
    case passthrough(headers: Headers, body: ResponseBody)
}

/// A forwarded stream failed, and the upstream's own error event, in the client's format, was
/// already forwarded: the client knows, so the endpoint must not write a second error event.
/// Whoever judges the upstream (routing's health, later breakers) still sees a failure.
public struct ForwardedStreamFailure: Error, Sendable {
    /// The failure, for health and logs.
    public var error: GatewayError

    /// Creates the failure.
    /// - Parameter error: What failed.
    public init(_ error: GatewayError) { self.error = error }
}
