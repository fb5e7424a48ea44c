// Generated from Sources/SiraProviders/Upstream/UpstreamClient.swift by scripts/make-starters. Nothing to write here.
import AsyncHTTPClient
import NIOCore

/// The HTTP client every provider uses by default: one pool for the whole process.
///
/// Not AsyncHTTPClient's `HTTPClient.shared`: that one allows 8 connections per host, so under load
/// requests queue in the pool and each released connection costs a hand-off (the proxy benchmark's
/// profile shows it). A gateway talks to few hosts with many requests in flight, so the soft limit
/// here is 256 per host, and response decompression is off (Sira asks for no compression and
/// forwards bodies as they are). It lives as long as the process and is never shut down.
public enum UpstreamClient {
    /// The process-wide client.
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
