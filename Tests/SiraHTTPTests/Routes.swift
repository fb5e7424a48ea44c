import SiraCore
import SiraHTTP
import SiraTesting

/// Endpoints the server tests talk to.
enum TestRoutes {
    static func router(extra: [Route] = []) -> Router {
        var router = Router([
            Route("GET", "/health") { _, _ in .json(["status": "ok"]) },
            Route("POST", "/echo", maxBodySize: 1024) { request, _ in
                GatewayResponse(status: 200, headers: ["content-type": "text/plain"], body: .bytes(request.body))
            },
        ])
        for route in extra { router.add(route) }
        return router
    }

    static let healthRequest = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n"
}
