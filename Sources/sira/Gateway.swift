import SiraCore
import SiraHTTP

/// The endpoints `sira serve` answers. Each chapter adds its own; after chapter 01 there is the
/// health check, which load balancers and orchestrators poll.
enum Gateway {
    /// The health answer never changes, so it is encoded once.
    static let healthResponse = GatewayResponse.json(["status": "ok"])

    static func router() -> Router {
        Router([
            Route("GET", "/health") { _, _ in healthResponse }
        ])
    }
}
