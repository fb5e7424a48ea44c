import NIOCore
import SiraHTTPParser

/// Everything the HTTP server can be told, with defaults for an API gateway.
///
/// Every wait has a timeout and every input a limit (docs/architecture.md §3.10): a client can hold at most
/// `maxConnections` sockets, each for at most `headerTimeout` before sending a whole head.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind. Default `127.0.0.1`: listening on every interface is a decision.
    public var host: String
    /// The port to bind; 0 picks a free port (see `HTTPServer.port`). Default 8080.
    public var port: Int
    /// The parser's size limits.
    public var limits: HTTPParserLimits
    /// How long a client has to send a whole request head, from its first byte (slowloris). Default 10 s.
    public var headerTimeout: Duration
    /// How long an idle keep-alive connection is kept. Default 60 s.
    public var idleTimeout: Duration
    /// The longest gap between two pieces of a request body. Default 30 s.
    public var bodyTimeout: Duration
    /// The longest a response write may wait for a client that does not read. Default 30 s.
    public var writeTimeout: Duration
    /// The most open connections; more are answered 503 and closed. Default 10,000.
    public var maxConnections: Int
    /// How long shutdown waits for requests in flight before closing their connections. Default 10 s.
    public var shutdownGracePeriod: Duration
    /// Whether to log one line per request at `info` level. Default true.
    public var accessLog: Bool
    /// The slowest transfer of a body accepted, in bytes a second: an upload after `bodyTimeout` of
    /// grace, and a whole response after `writeTimeout` (0: no minimum; uploads then have only the
    /// per-piece timeout, and a whole response must be taken within `writeTimeout`).
    public var minimumBodyRate: Int

    /// Creates a configuration; every parameter has a default.
    /// - Parameters:
    ///   - host: The address to bind.
    ///   - port: The port to bind.
    ///   - limits: The parser's size limits.
    ///   - headerTimeout: Time allowed to send a request head.
    ///   - idleTimeout: Time an idle connection is kept.
    ///   - bodyTimeout: Longest gap between body pieces.
    ///   - writeTimeout: Longest wait for a client to take response bytes.
    ///   - maxConnections: The most open connections.
    ///   - shutdownGracePeriod: Time given to requests in flight at shutdown.
    ///   - accessLog: Whether to log each request.
    ///   - minimumBodyRate: The slowest upload accepted, in bytes a second, after `bodyTimeout`;
    ///     4 KiB/s by default (a 10 MiB body may take 40 minutes; one byte a second is cut at once).
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        limits: HTTPParserLimits = HTTPParserLimits(),
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        bodyTimeout: Duration = .seconds(30),
        writeTimeout: Duration = .seconds(30),
        maxConnections: Int = 10_000,
        shutdownGracePeriod: Duration = .seconds(10),
        accessLog: Bool = true,
        minimumBodyRate: Int = 4096
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.shutdownGracePeriod = shutdownGracePeriod
        self.accessLog = accessLog
        self.minimumBodyRate = minimumBodyRate
    }

    /// How long `minimumBodyRate` allows for a body of `bytes`, or `nil` without a minimum rate.
    /// - Parameter bytes: The body's size.
    /// - Returns: The time.
    func transferTime(of bytes: Int) -> Duration? {
        guard minimumBodyRate > 0 else { return nil }
        return .nanoseconds(Int64(bytes) * 1_000_000_000 / Int64(minimumBodyRate))
    }
}
