import SiraCore
import SiraHTTP

/// The endpoints `sira serve` answers. Each chapter adds its own; after chapter 01 there is the
/// health check, which load balancers and orchestrators poll.
enum Gateway {
    static func router() -> Router {
        Router([
            Route("GET", "/health") { _, _ in .json(["status": "ok"]) }
        ])
    }
}
