// One client connection, from accept to close, as a channel handler on its event loop: read bytes,
// parse them into requests, answer each in order (pipelined requests included), keep the connection
// open or close it. Swift concurrency is entered once per request, to run the route's pipeline.

import Logging
import NIOCore
import SiraCore
import SiraHTTPParser
import Synchronization

/// What every connection of a server shares: settings, routes and the server's bookkeeping.
struct ConnectionContext: Sendable {
    let configuration: HTTPServerConfiguration
    let router: Router
    let registry: ConnectionRegistry
    let requestIDs: RequestIDGenerator
    let clock: any GatewayClock
    let logger: Logger
    let accessLog: AccessLog?
}

/// Serves one connection on its event loop.
///
/// Parsing, routing, the body and every write of a whole response happen here, in channel-handler
/// callbacks, without a task. A request enters Swift concurrency once: a `Task` runs its route's
/// pipeline (which calls providers and may take seconds), and hands the response back to the loop,
/// which writes it in one write. Only a streamed response keeps its task, to pull the stream; each
/// piece waits for the socket to take the one before (backpressure). Why not `NIOAsyncChannel`, with
/// a task per connection: every idle connection kept a suspended task and the async channel's buffers
/// (10,000 idle connections: 185 MB then, 62 MB now), and every read and write went through the async
/// channel's producer and writer with their locks (decision 0009; docs/benchmarks.md has the numbers).
///
/// The loop is sequential on purpose: HTTP/1.1 answers requests in the order they came, so there is
/// never more than one request in flight per connection; while one is, further bytes wait in the
/// parser, and past 64 KiB of them no more are read (`read(context:)` holds the read back).
final class HTTPConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The most body a refused request may carry and still keep its connection (Go's server reads up
    /// to 256 KiB for the same reason): the body is read and dropped, and the next request can use the
    /// connection. Above it the connection is closed rather than read for nothing.
    static let discardLimit = 256 * 1024

    private let id: UInt64
    private let shared: ConnectionContext
    private var configuration: HTTPServerConfiguration { shared.configuration }
    private var parser: HTTPRequestParser
    private var pending: Pending?
    private var headTimerArmed = false
    /// A request is being handled: no further request is parsed, and reads are held back.
    private var inFlight = false
    private var readHeldBack = false
    private var closing = false
    private var timer: ConnectionTimer?
    private var requestTask: Task<Void, Never>?

    init(id: UInt64, shared: ConnectionContext) {
        self.id = id
        self.shared = shared
        self.parser = HTTPRequestParser(limits: shared.configuration.limits)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        let timer = ConnectionTimer(channel: context.channel)
        timer.arm(.idle, after: configuration.idleTimeout)
        self.timer = timer
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The client went away: a request in flight stops (and its upstream call with it) instead of
        // finishing for nobody (docs/architecture.md §3.3).
        requestTask?.cancel()
        timer?.stop()
        if let phase = timer?.firedPhase {
            shared.logger.info("connection closed by timeout", metadata: ["timeout": "\(phase.rawValue)"])
        }
        context.fireChannelInactive()
    }

    /// Reading goes on while a request is in flight, into the parser's buffer, until it holds
    /// `heldBackLimit` bytes of what comes next (pipelined requests); only then is the read held back
    /// until the response is written. Holding back on every request would cost two `epoll_ctl` calls per
    /// request (NIO stops and restarts watching the socket), for clients that send nothing meanwhile.
    func read(context: ChannelHandlerContext) {
        if inFlight && parser.bufferedByteCount >= Self.heldBackLimit {
            readHeldBack = true
        } else if !closing {
            context.read()
        }
    }

    /// How much of the requests behind the one in flight is read ahead before reading stops.
    static let heldBackLimit = 64 * 1024

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }  // answered and closing: what the client still sends is dropped
        let buffer = unwrapInboundIn(data)
        parser.append(buffer.readableBytesView)
        process(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        shared.logger.debug("connection ended", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Parsing

    /// Takes parser events until a request goes in flight, the bytes run out, or the connection closes.
    private func process(context: ChannelHandlerContext) {
        while !inFlight, !closing, let event = parser.next() {
            switch event {
            case .head(let head): received(head, context: context)
            case .body(let bytes): received(bytes, context: context)
            case .end: start(context: context)
            case .error(let error): failed(error, context: context)
            }
        }
        if !inFlight, !closing, pending == nil, !parser.isIdle, !headTimerArmed {
            timer?.arm(.head, after: configuration.headerTimeout)
            headTimerArmed = true
        }
    }

    private func received(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        headTimerArmed = false
        shared.registry.setBusy(id, true)
        var request = Pending(head: head, requestID: shared.requestIDs.next(), receivedAt: shared.clock.now)
        let path = Router.path(of: head.target)
        switch shared.router.match(method: head.method, path: path) {
        case .found(let route):
            if case .contentLength(let length) = head.framing, length > route.maxBodySize {
                request.refusal = GatewayError(
                    .requestTooLarge,
                    "The body (\(length) bytes) exceeds this endpoint's limit of \(route.maxBodySize) bytes.")
            } else {
                request.route = route
                parser.limitBody(to: route.maxBodySize)
                if head.expectsContinue, Self.fits(head.framing, route.maxBodySize) {
                    context.writeAndFlush(
                        wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")), promise: nil)
                }
            }
        case .methodNotAllowed(let allow):
            request.refusal = GatewayError(
                .methodNotAllowed,
                "\(head.method) is not allowed on \(path); allowed: \(allow.joined(separator: ", ")).")
            request.allow = allow
        case .notFound:
            request.refusal = GatewayError(.notFound, "There is no endpoint at \(path).")
        case .notImplemented:
            request.refusal = GatewayError(.notImplemented, "The method \(head.method) is not implemented.")
        }
        if request.route == nil, !request.bodyCanBeDiscarded {
            // No endpoint will read this body, and it is too large to read for nothing: answer now and close.
            writeAndClose(request.refusalResponse(.openAI), request: request, context: context)
            return
        }
        if head.framing != .none {
            request.bodyStart = .now()
            timer?.arm(.body, after: configuration.bodyTimeout)
        }
        pending = request
    }

    private func received(_ bytes: [UInt8], context: ChannelHandlerContext) {
        guard var request = pending else { return }
        pending = nil  // while it is changed here, so the body is not copied
        request.bodyBytes += bytes.count
        if request.route != nil {
            request.body.append(contentsOf: bytes)
        } else {
            request.discarded += bytes.count
            if request.discarded > Self.discardLimit {
                // A chunked body to nowhere that keeps coming: stop reading, answer, close.
                writeAndClose(request.refusalResponse(.openAI), request: request, context: context)
                return
            }
        }
        armBodyTimer(start: request.bodyStart, received: request.bodyBytes)
        pending = request
    }

    private func failed(_ error: HTTPParseError, context: ChannelHandlerContext) {
        let requestID = pending?.requestID ?? shared.requestIDs.next()
        let response = error.gatewayError.response(pending?.route?.format ?? .openAI)
        let written = ResponseWriter.whole(
            response, requestID: requestID, version: .http11, isHead: pending?.head.method == "HEAD", keepAlive: false)
        closing = true
        timer?.arm(.write, after: configuration.writeTimeout)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(written.bytes)).whenComplete { _ in channel.close(promise: nil) }
        shared.logger.info(
            "rejected malformed request",
            metadata: ["request-id": "\(requestID)", "status": "\(error.status)", "reason": "\(error.reason)"])
    }

    /// Answers a refused request at once and closes the connection.
    private func writeAndClose(_ response: GatewayResponse, request: Pending, context: ChannelHandlerContext) {
        closing = true
        timer?.arm(.write, after: configuration.writeTimeout)
        let buffer = ResponseWriter.whole(
            response, requestID: request.requestID, version: request.head.version,
            isHead: request.head.method == "HEAD", keepAlive: false)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer.bytes)).whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: A request in flight

    /// Runs the request's pipeline in a task; the answer comes back to the loop (`respond`).
    private func start(context: ChannelHandlerContext) {
        guard let request = pending else { return }
        pending = nil
        inFlight = true
        timer?.cancel()
        let head = request.head
        let gatewayRequest = GatewayRequest(
            method: head.method, target: head.target, headers: head.headers, body: request.body)
        var requestContext = RequestContext(requestID: request.requestID, clock: shared.clock, logger: shared.logger)
        requestContext.receivedAt = request.receivedAt  // when the head arrived, before the body was read
        let callContext = requestContext
        let format = request.route?.format ?? .openAI
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let bound = NIOLoopBound(context, eventLoop: loop)
        let summary = RequestSummary(request, logger: shared.logger)
        guard let route = request.route else {
            // A refusal (404, 405, 413, 501) needs no task: it is answered here, on the loop.
            writeWhole(request.refusalResponse(format), summary: summary, report: callContext.report, context: context)
            return
        }
        let streaming = StreamWriter(
            channel: context.channel, timer: timer, writeTimeout: configuration.writeTimeout,
            registry: shared.registry)
        requestTask = Task {
            // nil: cancelled (the client went away)
            let response = try? await route.pipeline.respond(to: gatewayRequest, context: callContext, format: format)
            guard let response else {
                callContext.report.finish(.cancelled)
                loop.execute { handler.value.finished(keepAlive: false, context: bound.value) }
                return
            }
            guard case .stream(let stream) = response.body else {
                loop.execute {
                    handler.value.writeWhole(
                        response, summary: summary, report: callContext.report, context: bound.value)
                }
                return
            }
            // The task pulls the stream and writes each piece, waiting for the socket each time.
            let outcome = await streaming.write(response, stream: stream, summary: summary)
            loop.execute {
                let connection = handler.value
                if outcome.completed {
                    callContext.report.finish(.completed)
                    summary.log(
                        status: outcome.status, bytesOut: outcome.bytesOut, to: connection.shared.accessLog,
                        clock: connection.shared.clock)
                } else {
                    callContext.report.finish(.cancelled)
                }
                connection.finished(keepAlive: outcome.keepAlive, context: bound.value)
            }
        }
    }

    /// Writes a whole response, head and body in one write, then finishes the request.
    func writeWhole(
        _ response: GatewayResponse, summary: RequestSummary, report: CallReport, context: ChannelHandlerContext
    ) {
        let keepAlive = summary.keepAlive && !shared.registry.isShuttingDown
        let written = ResponseWriter.whole(
            response, requestID: summary.requestID, version: summary.version, isHead: summary.isHead,
            keepAlive: keepAlive)
        // The write completes when the client has taken the last byte: a large answer (embeddings of a
        // long list come to megabytes) gets `writeTimeout` plus the time `minimumBodyRate` allows for it.
        timer?.arm(
            .write,
            after: configuration.writeTimeout + (configuration.transferTime(of: written.bytes.readableBytes) ?? .zero))
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let accessLog = shared.accessLog
        let clock = shared.clock
        context.writeAndFlush(wrapOutboundOut(written.bytes)).whenComplete { result in
            guard case .success = result else {
                report.finish(.cancelled)  // the client went away before the answer reached it
                handler.value.finished(keepAlive: false, context: bound.value)
                return
            }
            report.finish(.completed)
            summary.log(status: response.status, bytesOut: written.bodyCount, to: accessLog, clock: clock)
            handler.value.finished(keepAlive: written.keepAlive, context: bound.value)
        }
    }

    /// The request is answered (or abandoned): keep the connection for the next one, or close it.
    func finished(keepAlive: Bool, context: ChannelHandlerContext) {
        requestTask = nil
        inFlight = false
        timer?.cancel()
        guard keepAlive, context.channel.isActive, shared.registry.setBusy(id, false) else {
            closing = true
            context.close(promise: nil)
            return
        }
        if parser.isIdle {
            timer?.arm(.idle, after: configuration.idleTimeout)
        } else {
            timer?.arm(.head, after: configuration.headerTimeout)
            headTimerArmed = true
        }
        process(context: context)  // requests that were pipelined behind this one
        if !inFlight, readHeldBack {
            readHeldBack = false
            context.read()
        }
    }

    // MARK: Helpers

    /// Arms the body timer for the next piece: no longer than `bodyTimeout` between pieces, and no
    /// later than the minimum upload rate allows for what has arrived (`bodyTimeout` of grace, then
    /// `minimumBodyRate` bytes a second). A per-read timeout alone lets a client that sends one
    /// byte every few seconds hold a connection (and a request slot) forever.
    private func armBodyTimer(start: NIODeadline?, received: Int) {
        let nextPiece = NIODeadline.now() + .nanoseconds(configuration.bodyTimeout.nanoseconds)
        guard let start, let earned = configuration.transferTime(of: received) else {
            timer?.arm(.body, at: nextPiece)
            return
        }
        let allowed = start + .nanoseconds((configuration.bodyTimeout + earned).nanoseconds)
        if allowed < nextPiece {
            timer?.arm(.slowBody, at: allowed)
        } else {
            timer?.arm(.body, at: nextPiece)
        }
    }

    /// Whether a declared body fits the endpoint's limit (for `100 Continue`: send it only when
    /// the body is wanted; otherwise the 413 comes first and the client never uploads).
    private static func fits(_ framing: BodyFraming, _ limit: Int) -> Bool {
        switch framing {
        case .none: return false
        case .chunked: return limit > 0
        case .contentLength(let length): return length <= limit
        }
    }
}

/// Writes a streamed response from the request's task: the head, then each piece as the stream gives
/// it, each write waiting until the socket took the one before (a slow reader slows the producer),
/// under the write timeout.
struct StreamWriter: Sendable {
    let channel: any Channel
    let timer: ConnectionTimer?
    let writeTimeout: Duration
    let registry: ConnectionRegistry

    func write(_ response: GatewayResponse, stream: ResponseStream, summary: RequestSummary) async -> StreamOutcome {
        // HTTP/1.0 has no chunked coding: the end of the body is the end of the connection.
        let chunked = summary.version == .http11
        let keepAlive = summary.keepAlive && chunked && !registry.isShuttingDown
        let head = ResponseWriter.head(
            response, requestID: summary.requestID, version: summary.version, keepAlive: keepAlive, bodyCount: nil,
            chunked: chunked)
        var outcome = StreamOutcome(status: response.status)
        do {
            try await send(head.buffer)
            if summary.isHead {
                outcome.keepAlive = keepAlive
                outcome.completed = true
                return outcome
            }
            var iterator = stream.makeAsyncIterator()
            while true {
                let chunk: [UInt8]
                do {
                    guard let next = try await iterator.next() else { break }
                    chunk = next
                } catch is CancellationError {
                    return outcome  // the client went away: not completed, the connection closes
                } catch {
                    // The producer failed after the head was sent. Ending the chunked body normally
                    // would tell the client the answer is complete; closing without the last chunk
                    // tells it the truth. Producers that can should end with an error event instead.
                    summary.logger.warning("response stream failed", metadata: ["request-id": "\(summary.requestID)"])
                    outcome.completed = true
                    return outcome
                }
                if chunk.isEmpty { continue }
                var piece = ByteBuffer()
                piece.reserveCapacity(chunk.count + 12)
                if chunked { piece.writeString(String(chunk.count, radix: 16) + "\r\n") }
                piece.writeBytes(chunk)
                if chunked { piece.writeStaticString("\r\n") }
                try await send(piece)
                outcome.bytesOut += chunk.count
            }
            if chunked { try await send(ByteBuffer(string: "0\r\n\r\n")) }
            outcome.keepAlive = keepAlive
            outcome.completed = true
        } catch {
            outcome.keepAlive = false  // the connection failed or closed: nothing more to write
        }
        return outcome
    }

    private func send(_ buffer: ByteBuffer) async throws {
        timer?.arm(.write, after: writeTimeout)
        try await channel.writeAndFlush(buffer).get()
        timer?.cancel()
    }
}

/// How a streamed response went.
struct StreamOutcome: Sendable {
    var status: Int
    var bytesOut = 0
    var keepAlive = false
    /// Whether the response was written to its end (or its producer failed after the head).
    var completed = false
}

/// What the response writer and the access log need to know about a request, without its body.
struct RequestSummary: Sendable {
    let requestID: String
    let method: String
    let target: String
    let version: HTTPVersion
    let keepAlive: Bool
    let bytesIn: Int
    let receivedAt: ClockInstant
    let logger: Logger

    fileprivate init(_ request: Pending, logger: Logger) {
        requestID = request.requestID
        method = request.head.method
        target = request.head.target
        version = request.head.version
        keepAlive = request.head.keepAlive
        bytesIn = request.body.count
        receivedAt = request.receivedAt
        self.logger = logger
    }

    var isHead: Bool { method == "HEAD" }

    func log(status: Int, bytesOut: Int, to accessLog: AccessLog?, clock: any GatewayClock) {
        accessLog?.record(
            AccessLog.Entry(
                requestID: requestID, method: method, path: target, status: status, bytesIn: bytesIn,
                bytesOut: bytesOut,
                duration: clock.now - receivedAt))
    }
}

/// The request being received: its head, where it goes, and the body so far.
private struct Pending {
    var head: HTTPRequestHead
    var requestID: String
    var receivedAt: ClockInstant
    var route: Route?
    /// The answer decided from the head alone (404, 405, 413, 501); its body is read and dropped.
    var refusal: GatewayError?
    var allow: [String]?
    var body: [UInt8] = []
    /// Bytes of a refused request's body dropped so far.
    var discarded = 0
    /// When the body began, and how much of it arrived, for the minimum upload rate.
    var bodyStart: NIODeadline?
    var bodyBytes = 0

    init(head: HTTPRequestHead, requestID: String, receivedAt: ClockInstant) {
        self.head = head
        self.requestID = requestID
        self.receivedAt = receivedAt
    }

    /// The answer for a request no route takes: 404, 405 with `Allow`, 413 or 501.
    func refusalResponse(_ format: APIFormat) -> GatewayResponse {
        var response = (refusal ?? GatewayError(.notFound, "Not found.")).response(format)
        if let allow { response.headers.set("allow", allow.joined(separator: ", ")) }
        return response
    }

    /// Whether a refused request's body can be read and dropped to keep the connection: it is
    /// small enough (or chunked, and counted as it comes), and the client is not waiting for
    /// `100 Continue` (it may never send the body; closing is the only clear answer).
    var bodyCanBeDiscarded: Bool {
        if head.expectsContinue { return false }
        switch head.framing {
        case .none, .chunked: return true
        case .contentLength(let length): return length <= HTTPConnectionHandler.discardLimit
        }
    }
}

/// Turns a `GatewayResponse` into bytes: the head (with the request id, `Date`, framing and
/// `Connection`), and for a whole response the body after it, so head and body go out in one write.
enum ResponseWriter {
    /// A response head.
    struct Head {
        var buffer: ByteBuffer
    }

    /// A whole response, ready to write.
    struct Whole {
        var bytes: ByteBuffer
        var bodyCount: Int
        var keepAlive: Bool
    }

    /// The head of a response; `bodyCount` is its `Content-Length`, `nil` for a streamed one.
    static func head(
        _ response: GatewayResponse, requestID: String, version: HTTPVersion, keepAlive: Bool, bodyCount: Int?,
        chunked: Bool = false, reserving extra: Int = 0
    ) -> Head {
        var headers = response.headers
        headers.add("x-sira-request-id", requestID)
        headers.remove("content-length")
        headers.remove("transfer-encoding")
        headers.remove("connection")
        headers.set("date", HTTPDate.shared.now)
        if let bodyCount { headers.add("content-length", String(bodyCount)) }
        if chunked { headers.add("transfer-encoding", "chunked") }
        if !keepAlive {
            headers.add("connection", "close")
        } else if version == .http10 {
            headers.add("connection", "keep-alive")
        }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256 + extra)
        ResponseHead.write(status: response.status, headers: headers, into: &buffer)
        return Head(buffer: buffer)
    }

    /// A whole response (a `.bytes` body; a stream is written by the connection piece by piece).
    static func whole(
        _ response: GatewayResponse, requestID: String, version: HTTPVersion, isHead: Bool, keepAlive: Bool
    ) -> Whole {
        guard case .bytes(let body) = response.body else {
            // Not reached: streams go through `StreamWriter`. Answer without a body rather than crash.
            let head = Self.head(response, requestID: requestID, version: version, keepAlive: false, bodyCount: 0)
            return Whole(bytes: head.buffer, bodyCount: 0, keepAlive: false)
        }
        var head = Self.head(
            response, requestID: requestID, version: version, keepAlive: keepAlive, bodyCount: body.count,
            reserving: isHead ? 0 : body.count)
        if !isHead { head.buffer.writeBytes(body) }
        return Whole(bytes: head.buffer, bodyCount: isHead ? 0 : body.count, keepAlive: keepAlive)
    }
}
