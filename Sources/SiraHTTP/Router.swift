import Foundation
import SiraCore

/// Answers a request that reached its endpoint: the last handler of the route's request pipeline.
public typealias EndpointHandler = Next<GatewayRequest, GatewayResponse>

/// One endpoint: a method and an exact path, the request pipeline that answers, and the endpoint's
/// own limits. The connection calls the pipeline and nothing else, so every request passes the same
/// request-level policies (auth, request-rate limits, access log, metrics).
public struct Route: Sendable {
    /// The method, such as `POST`.
    public var method: String
    /// The exact path, such as `/v1/chat/completions`.
    public var path: String
    /// The largest request body this endpoint accepts; larger is 413 before the body is read.
    public var maxBodySize: Int
    /// The API this endpoint's callers speak, which decides the shape of error bodies.
    public var format: APIFormat
    /// The request-level policies and, at their end, the endpoint.
    public var pipeline: RequestPipeline

    /// Creates a route.
    /// - Parameters:
    ///   - method: The method.
    ///   - path: The exact path.
    ///   - maxBodySize: The largest body accepted; default 0 (no body).
    ///   - format: The callers' API, for error bodies; default OpenAI's.
    ///   - policies: The request-level policies, outermost first; none by default.
    ///   - handler: The endpoint.
    public init(
        _ method: String,
        _ path: String,
        maxBodySize: Int = 0,
        format: APIFormat = .openAI,
        policies: [any Policy<GatewayRequest, GatewayResponse>] = [],
        handler: @escaping EndpointHandler
    ) {
        self.method = method
        self.path = path
        self.maxBodySize = maxBodySize
        self.format = format
        self.pipeline = RequestPipeline(policies, handler: handler)
    }
}

/// Maps method and path to a route: a small, exact-match router (an API gateway has a handful of
/// fixed paths; patterns would only add ways to be surprised).
public struct Router: Sendable {
    /// What a lookup found.
    public enum Match: Sendable {
        /// The route for this method and path.
        case found(Route)
        /// The path exists, not for this method; `allow` lists the methods that do (for `Allow`).
        case methodNotAllowed(allow: [String])
        /// No route has this path.
        case notFound
        /// A method the server does not recognise (`BREW`, `PROPFIND`): neither one of HTTP's own
        /// (RFC 9110 §9) nor one a route takes. 501, as RFC 9110 §15.6.2 asks; 404 and 405 are for
        /// methods the server knows.
        case notImplemented
    }

    private var routes: [String: [String: Route]] = [:]
    /// The methods the server recognises: HTTP's own, and any a route takes.
    private var methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// Creates a router.
    /// - Parameter routes: The routes.
    public init(_ routes: [Route] = []) {
        for route in routes { add(route) }
    }

    /// Adds (or replaces) a route.
    /// - Parameter route: The route.
    public mutating func add(_ route: Route) {
        routes[route.path, default: [:]][route.method] = route
        methods.insert(route.method)
    }

    /// The path of a request target: origin-form without its query (`/v1/models?x=1` → `/v1/models`),
    /// or the path part of an absolute-form target (`http://host/v1/models` → `/v1/models`).
    /// - Parameter target: The request target.
    /// - Returns: The path.
    public static func path(of target: String) -> Substring {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let scheme = rest.range(of: "://") {
            let afterAuthority = rest[scheme.upperBound...]
            rest = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterAuthority[$0...] } ?? "/"
            if rest.hasPrefix("?") { return "/" }
        }
        return rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }

    /// Finds the route for a request. `HEAD` is served by the `GET` route, without a body.
    /// - Parameters:
    ///   - method: The request's method.
    ///   - path: The request's path, without the query.
    /// - Returns: What was found.
    public func match(method: String, path: Substring) -> Match {
        guard self.methods.contains(method) else { return .notImplemented }
        guard let methods = routes[String(path)] else { return .notFound }
        if let route = methods[method] { return .found(route) }
        if method == "HEAD", let route = methods["GET"] { return .found(route) }
        var allow = Set(methods.keys)
        if allow.contains("GET") { allow.insert("HEAD") }
        return .methodNotAllowed(allow: allow.sorted())
    }
}
