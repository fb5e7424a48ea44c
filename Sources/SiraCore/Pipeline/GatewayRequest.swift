/// A request as the pipeline sees it: what the HTTP layer parsed, before any policy ran.
///
/// The body is bytes, not a parsed model: a policy that needs the chat request decodes it, and the
/// same-format path can forward the bytes untouched (docs/architecture.md §3.1).
public struct GatewayRequest: Sendable {
    /// The method, such as `POST`.
    public var method: String
    /// The request target as received, with any query (`/v1/models?limit=2`).
    public var target: String
    /// The header fields.
    public var headers: Headers
    /// The whole body.
    public var body: [UInt8]

    /// Creates a request.
    /// - Parameters:
    ///   - method: The method.
    ///   - target: The request target.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(method: String, target: String, headers: Headers = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The path: the target without its query.
    public var path: Substring {
        target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }
}
