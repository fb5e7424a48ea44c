// Generated from Sources/SiraCore/Call/UpstreamLimits.swift by scripts/make-starters. Nothing to write here.
// Limits an attempt sets for the upstream call it makes, passed down the task rather than through every
// provider's signature: the attempt pipeline (chapter 05's `TimeoutPolicy`) sets them, the HTTP client reads
// them where it acts on them.

/// Per-attempt limits for the upstream connection, as task-local values.
///
/// Why task-local: a provider client is shared by every model that names the provider, but a timeout
/// is a model's setting (`timeouts: {connect: 2s}`). The attempt that knows the model binds the value
/// around its call; the client that opens the connection reads it. Nothing in between passes it on.
public enum UpstreamLimits {
    /// How long opening a new connection (TCP and TLS) may take in this attempt; `nil`: the client's own.
    /// A pooled connection needs no connecting, so the limit only matters when a new one is opened.
    @TaskLocal public static var connectTimeout: Duration?
}
