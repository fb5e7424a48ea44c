// The one error type of the gateway. Whatever goes wrong, in whichever module, reaches the client
// as a `GatewayError`: it knows whose fault it was, its HTTP status and its body in the client's
// own format. docs/architecture.md §3.5.

/// An error the gateway answers with.
///
/// Build one from a `Kind` (the closed vocabulary) and a message written for the client:
///
/// ```swift
/// throw GatewayError(.unknownModel, "The model 'gtp-4o' does not exist. Did you mean 'gpt-4o'?", param: "model")
/// ```
///
/// Messages must never contain secrets (keys, tokens): they are sent to clients and logged.
public struct GatewayError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, from the closed vocabulary.
    public var kind: Kind
    /// A message for the client.
    public var message: String
    /// The request member at fault, if any (`"model"`, `"messages[2].content"`).
    public var param: String?
    /// How long the client should wait before retrying, sent as `Retry-After`.
    public var retryAfter: Duration?
    /// More response header fields (the `x-sira-*` fields that say which providers were tried), so
    /// a failed request is as easy to trace as a successful one. Never secrets.
    public var headers: Headers = [:]

    /// Creates an error.
    /// - Parameters:
    ///   - kind: What went wrong.
    ///   - message: A message for the client, without secrets.
    ///   - param: The request member at fault.
    ///   - retryAfter: How long to wait before retrying.
    public init(_ kind: Kind, _ message: String, param: String? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.param = param
        self.retryAfter = retryAfter
    }

    /// The HTTP status of the response.
    public var status: Int { kind.status }

    /// The code and the message, for logs. Use `kind.code` where a bounded value is needed (metric labels).
    public var description: String { "\(kind.code): \(message)" }
}

/// Whose fault an error is. Clients, operators and dashboards all need this first.
public enum Fault: String, Hashable, Sendable, CaseIterable {
    /// The request was wrong: fix the request.
    case caller
    /// The request was refused by a configured policy (limits, budgets, permissions).
    case policy
    /// The upstream provider failed or refused.
    case provider
    /// Sira itself failed.
    case gateway
}

/// The API a client speaks (and an upstream, when it is the same): it decides the shape of error
/// bodies and stream events, and whether an upstream's answer can be forwarded as it is.
public enum APIFormat: Hashable, Sendable {
    /// OpenAI's chat completions and embeddings; errors are `{"error":{"message","type","param","code"}}`.
    case openAI
    /// Anthropic's messages (`/v1/messages`); errors are `{"type":"error","error":{"type","message"}}`.
    case anthropic
}
