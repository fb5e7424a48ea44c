// Generated from Sources/SiraProviders/Upstream/UpstreamClient.swift by scripts/make-starters. Nothing to write here.
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// How a provider reaches its upstream: the lean client for direct calls, AsyncHTTPClient through an
/// outbound proxy (decision 0010).
public struct UpstreamTransport: Sendable {
    enum Kind: Sendable {
        case lean(LeanHTTPClient)
        case asyncHTTPClient(HTTPClient)
    }

    let kind: Kind

    /// Calls through AsyncHTTPClient.
    /// - Parameter client: The client.
    /// - Returns: The transport.
    public static func asyncHTTPClient(_ client: HTTPClient) -> UpstreamTransport {
        UpstreamTransport(kind: .asyncHTTPClient(client))
    }

    /// Calls through the lean client.
    /// - Parameter client: The client.
    /// - Returns: The transport.
    public static func lean(_ client: LeanHTTPClient) -> UpstreamTransport { UpstreamTransport(kind: .lean(client)) }

    /// Whether calls go through the lean client.
    public var isLean: Bool {
        if case .lean = kind { return true }
        return false
    }

    /// Sends a request; the answer's body streams.
    /// - Parameters:
    ///   - request: The request.
    ///   - timeout: The deadline for the whole call.
    /// - Returns: The answer, whatever its status.
    /// - Throws: The client's transport errors (`UpstreamCall` maps them to gateway errors).
    public func execute(_ request: UpstreamRequest, timeout: Duration) async throws -> HTTPClientResponse {
        switch kind {
        case .lean(let client):
            return try await client.execute(
                method: request.method, url: request.url, headers: request.headers, body: request.body, timeout: timeout
            )
        case .asyncHTTPClient(let client):
            var upstream = HTTPClientRequest(url: request.url)
            upstream.method = request.method
            upstream.headers = request.headers
            upstream.body = .bytes(ByteBuffer(bytes: request.body))
            return try await client.execute(upstream, timeout: .nanoseconds(timeout.nanoseconds))
        }
    }
}

/// The HTTP clients a gateway's providers call upstreams with: the lean client for direct connections
/// (`SIRA_UPSTREAM_CLIENT=async-http-client` uses AsyncHTTPClient instead), and an AsyncHTTPClient per
/// outbound proxy the environment names.
///
/// For AsyncHTTPClient, not its `HTTPClient.shared`: that one allows 8 connections per host, so under load
/// requests queue in the pool and each released connection costs a hand-off (the proxy benchmark's
/// profile shows it). A gateway talks to few hosts with many requests in flight, so the soft limit
/// here is 256 per host, and response decompression is off (Sira asks for no compression and
/// forwards bodies as they are). Connecting may take 10 s; a read may wait 5 minutes (a reasoning
/// model can think that long before its first token; each provider also has a deadline for the
/// whole call).
///
/// `GatewayApp` makes one and passes it to every provider it builds; whoever made it shuts it down.
public final class UpstreamClients: Sendable {
    private let environment: [String: String]
    /// The clients made so far: the direct one under `nil`, one per proxy. Made on first use, so a
    /// gateway that calls no upstream (the mock alone) has none to shut down.
    private let clients = Mutex<[UpstreamProxy?: HTTPClient]>([:])
    private let lean = Mutex<LeanHTTPClient?>(nil)

    /// Creates the clients.
    /// - Parameter environment: Where the proxy settings are read; the process's by default.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The clients for providers made on their own, outside a gateway (tests and benchmarks that
    /// build one provider by hand). They live as long as the process.
    public static let standalone = UpstreamClients()

    /// The client for an upstream: through the proxy the environment names for its scheme
    /// (`HTTPS_PROXY`, `HTTP_PROXY`, lowercase too) unless `NO_PROXY` exempts its host; else the
    /// direct one.
    /// - Parameter baseURL: The upstream's base URL.
    /// - Returns: The client.
    public func client(for baseURL: String) -> UpstreamTransport {
        let proxy = UpstreamProxy(for: baseURL, environment: environment)
        if proxy == nil, environment["SIRA_UPSTREAM_CLIENT"] != "async-http-client",
            LeanHTTPClient.Endpoint(url: baseURL) != nil
        {
            return .lean(
                lean.withLock { lean in
                    if let lean { return lean }
                    let client = LeanHTTPClient()
                    lean = client
                    return client
                })
        }
        return .asyncHTTPClient(asyncHTTPClient(proxy: proxy))
    }

    /// The AsyncHTTPClient for a proxy (or none), made on first use.
    private func asyncHTTPClient(proxy: UpstreamProxy?) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[proxy] { return client }
            let client = Self.make(proxy: proxy)
            clients[proxy] = client
            return client
        }
    }

    /// Shuts every client down (each one is tried, whatever the others do); calls in flight fail.
    /// - Throws: The first error AsyncHTTPClient's shutdown threw.
    public func shutdown() async throws {
        lean.withLock { $0 }?.shutdown()
        let made = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        var firstError: (any Error)?
        for client in made {
            do {
                try await client.shutdown()
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }

    static func make(proxy: UpstreamProxy?) -> HTTPClient {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        // A refused or failed connection fails the attempt at once. AsyncHTTPClient would otherwise
        // retry with backoff until the connect timeout (10 s) ran out, and only then could routing fall
        // back to another deployment: ten seconds of a client's wait spent on a port nobody listens on.
        // Retrying belongs to the attempt level, where the retry budget bounds it (chapter 05).
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(300))
        if let proxy {
            configuration.proxy = .server(
                host: proxy.host, port: proxy.port,
                authorization: proxy.credentials.map { .basic(username: $0.user, password: $0.password) })
        }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }
}

/// An outbound HTTP proxy from the environment, as curl and most HTTP clients read it.
///
/// `HTTPS_PROXY` for `https` upstreams and `HTTP_PROXY` for `http` ones (lowercase names are read
/// first, as curl does), `http://[user:password@]host[:port]`. `NO_PROXY` lists hosts that are
/// reached directly: `*` for all, or names that match the host exactly or as a domain suffix
/// (`example.com` and `.example.com` both match `api.example.com`).
public struct UpstreamProxy: Sendable, Hashable {
    /// The proxy's host.
    public var host: String
    /// The proxy's port (80 when the URL gives none).
    public var port: Int
    /// The user and password for basic authentication to the proxy.
    var credentials: Credentials?

    struct Credentials: Sendable, Hashable {
        var user: String
        var password: String
    }

    /// The proxy for an upstream, if the environment names one and does not exempt the host.
    /// - Parameters:
    ///   - url: The upstream's URL.
    ///   - environment: The environment.
    public init?(for url: String, environment: [String: String]) {
        guard let upstream = URL(string: url), let scheme = upstream.scheme?.lowercased(),
            let upstreamHost = upstream.host?.lowercased()
        else { return nil }
        let names = scheme == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"]
        guard let setting = names.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }),
            let proxy = URL(string: setting.contains("://") ? setting : "http://" + setting), let host = proxy.host
        else { return nil }
        let exempt = (environment["no_proxy"] ?? environment["NO_PROXY"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for entry in exempt where !entry.isEmpty {
            let name = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            if entry == "*" || upstreamHost == name || upstreamHost.hasSuffix("." + name) { return nil }
        }
        self.host = host
        self.port = proxy.port ?? 80
        if let user = proxy.user {
            credentials = Credentials(
                user: user.removingPercentEncoding ?? user,
                password: proxy.password?.removingPercentEncoding ?? proxy.password ?? "")
        }
    }
}
