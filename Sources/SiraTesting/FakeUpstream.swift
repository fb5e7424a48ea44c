// A fake provider on loopback, for integration tests: it answers on one endpoint with bodies and
// event streams in the shapes the providers document (OpenAI's chat completions by default,
// Anthropic's messages with `path: "/v1/messages"`), records what it received, and can be told to fail.

import Logging
import SiraCore
import SiraHTTP
import Synchronization

/// A fake upstream provider: `POST path` answers as told.
public final class FakeUpstream: Sendable {
    /// What the next requests get.
    public indirect enum Behaviour: Sendable {
        /// A whole `chat.completion` body (JSON text), status 200.
        case answer(String)
        /// Server-sent events, one per `data:` payload, optionally without the final `[DONE]`
        /// (a stream cut short), with a pause before each event.
        case stream([String], done: Bool = true, pause: Duration = .zero)
        /// An error status with header fields and a body.
        case fail(status: Int, headers: [(String, String)] = [], body: String = "")
        /// Server-sent events given whole (`event: …\ndata: …\n\n`), for formats other than OpenAI's.
        case events([String])
        /// Another behaviour after a delay before the response head (a stalled upstream).
        case delayed(Duration, Behaviour)
        /// One behaviour per request, in order; the last repeats (a 503, then an answer).
        case sequence([Behaviour])
    }

    private let behaviour: Mutex<Behaviour>
    /// Every request received, in order.
    public let requests = Recorder<GatewayRequest>()
    /// Streams that ended because the gateway went away before the last event.
    public let cancelledStreams = Recorder<String>()
    private let server: Mutex<HTTPServer?> = Mutex(nil)

    private let paths: [String]

    /// Creates a fake that answers with `behaviour` until told otherwise.
    /// - Parameters:
    ///   - behaviour: The initial behaviour.
    ///   - path: The endpoint it serves; OpenAI's chat completions by default (`/v1/messages` for Anthropic).
    public convenience init(_ behaviour: Behaviour, path: String = "/v1/chat/completions") {
        self.init(behaviour, paths: [path])
    }

    /// Creates a fake that answers the same way on several endpoints (Gemini's model URLs).
    /// - Parameters:
    ///   - behaviour: The initial behaviour.
    ///   - paths: The endpoints it serves.
    public init(_ behaviour: Behaviour, paths: [String]) {
        self.behaviour = Mutex(behaviour)
        self.paths = paths
    }

    /// Changes what the next requests get.
    /// - Parameter behaviour: The new behaviour.
    public func set(_ behaviour: Behaviour) { self.behaviour.withLock { $0 = behaviour } }

    /// How many TCP connections the fake has accepted (to check that the gateway reuses them).
    public var acceptedConnections: Int { server.withLock { $0?.acceptedConnectionCount ?? 0 } }

    /// Runs the fake on a free loopback port for the duration of `body`.
    /// - Parameter body: The test, given the base URL (`http://127.0.0.1:PORT/v1`).
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func run<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let router = Router(
            paths.map { path in
                Route("POST", path, maxBodySize: 16 << 20) { request, _ in
                    self.requests.record(request)
                    var behaviour = self.behaviour.withLock { current -> Behaviour in
                        guard case .sequence(var steps) = current, let first = steps.first else { return current }
                        if steps.count > 1 {
                            steps.removeFirst()
                            current = .sequence(steps)
                        }
                        return first
                    }
                    while case .delayed(let delay, let next) = behaviour {
                        try await Task.sleep(for: delay)
                        behaviour = next
                    }
                    return self.respond(behaviour)
                }
            })
        return try await TestServer.with(router) { server, port in
            self.server.withLock { $0 = server }
            return try await body("http://127.0.0.1:\(port)/v1")
        }
    }

    private func respond(_ behaviour: Behaviour) -> GatewayResponse {
        switch behaviour {
        case .sequence(let steps):
            return respond(steps.first ?? .fail(status: 500))
        case .delayed(_, let next):
            return respond(next)
        case .answer(let json):
            return GatewayResponse(
                status: 200, headers: ["content-type": "application/json"], body: .bytes(Array(json.utf8)))
        case .fail(let status, let headers, let body):
            var fields = Headers(headers)
            if fields["content-type"] == nil { fields.add("content-type", "application/json") }
            return GatewayResponse(status: status, headers: fields, body: .bytes(Array(body.utf8)))
        case .events(let events):
            return GatewayResponse(
                status: 200,
                headers: ["content-type": "text/event-stream"],
                body: .stream(.chunks(events.map { Array($0.utf8) }))
            )
        case .stream(let payloads, let done, let pause):
            let events = payloads.map { "data: \($0)\n\n" } + (done ? ["data: [DONE]\n\n"] : [])
            let cancelled = cancelledStreams
            let stream = AsyncStream<[UInt8]> { continuation in
                let producer = Task {
                    for event in events {
                        if pause > .zero { try? await Task.sleep(for: pause) }
                        if Task.isCancelled { return }
                        continuation.yield(Array(event.utf8))
                    }
                    continuation.finish()
                }
                continuation.onTermination = { termination in
                    if case .cancelled = termination {
                        cancelled.record("cancelled")
                        producer.cancel()
                    }
                }
            }
            return GatewayResponse(
                status: 200, headers: ["content-type": "text/event-stream"], body: .stream(ResponseStream(stream)))
        }
    }
}
