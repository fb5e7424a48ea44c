import SiraCore

/// The HTTP version of a request. Only 1.0 and 1.1 are served; anything else is answered 505.
public enum HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// HTTP/1.0: no chunked requests, connections close unless `keep-alive` is asked for.
    case http10
    /// HTTP/1.1: persistent connections, `Host` required.
    case http11

    /// `HTTP/1.0` or `HTTP/1.1`.
    public var description: String { self == .http10 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// How a request's body is delimited (RFC 9112 §6).
public enum BodyFraming: Hashable, Sendable {
    /// No body: neither `Content-Length` nor `Transfer-Encoding`.
    case none
    /// Exactly this many bytes follow the header section.
    case contentLength(Int)
    /// Chunks follow, ending with a zero-size chunk and trailers.
    case chunked
}

/// A parsed request line and header section: everything before the body.
public struct HTTPRequestHead: Hashable, Sendable {
    /// The method, such as `POST` (case-sensitive, as RFC 9110 says).
    public var method: String
    /// The request target as received: `/v1/models?x=1`, `http://host/path`, `host:443`, or `*`.
    public var target: String
    /// The HTTP version.
    public var version: HTTPVersion
    /// The header fields, in order.
    public var headers: Headers
    /// How the body is delimited.
    public var framing: BodyFraming
    /// Whether the connection may stay open after this request (version default and `Connection`).
    public var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body (HTTP/1.1 only).
    public var expectsContinue: Bool

    /// Creates a head.
    /// - Parameters:
    ///   - method: The method.
    ///   - target: The request target.
    ///   - version: The version.
    ///   - headers: The header fields.
    ///   - framing: How the body is delimited.
    ///   - keepAlive: Whether the connection may stay open.
    ///   - expectsContinue: Whether the client waits for `100 Continue`.
    public init(
        method: String,
        target: String,
        version: HTTPVersion,
        headers: Headers,
        framing: BodyFraming,
        keepAlive: Bool,
        expectsContinue: Bool
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}
