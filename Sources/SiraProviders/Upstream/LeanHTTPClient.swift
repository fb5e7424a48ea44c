// A lean HTTP/1.1 client for the common upstream call: a POST to a provider, directly (no outbound
// proxy), plain or over TLS, with keep-alive connections pooled per host on each event loop.

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS
import SiraCore
import Synchronization

/// A small HTTP/1.1 client for calls to providers, on the event loop that asks.
///
/// Why not AsyncHTTPClient for everything: its request path (a pool shared by every event loop, a
/// state machine per request, and async streams between them) measured most of a proxied call's
/// CPU (docs/benchmarks.md). A gateway's calls are all alike: one host per provider, many calls in
/// flight, a body known in advance, an answer read as it comes. So this client keeps idle
/// connections per host *per event loop*, takes one from the loop the calling task runs on (with
/// NIO as Swift's executor, the loop of the client's own connection), writes head and body with one
/// flush, and hands the answer's body over as an async sequence that reads from the socket only as
/// fast as it is consumed. AsyncHTTPClient stays for what this does not do: outbound proxies
/// (decision 0010).
public final class LeanHTTPClient: Sendable {
    /// Where a connection goes: scheme (TLS or not), host and port.
    public struct Endpoint: Hashable, Sendable {
        /// Whether the connection uses TLS (`https`).
        public var tls: Bool
        /// The host.
        public var host: String
        /// The port.
        public var port: Int

        /// Reads the endpoint of an `http` or `https` URL, or `nil` for anything else.
        /// - Parameter url: The URL.
        public init?(url: String) {
            // Credentials in the URL are left to AsyncHTTPClient.
            guard let parsed = URL(string: url), parsed.user == nil, let host = parsed.host, !host.isEmpty,
                let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https"
            else { return nil }
            self.tls = scheme == "https"
            self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host  // an IPv6 literal
            self.port = parsed.port ?? (tls ? 443 : 80)
            guard (1...65535).contains(port) else { return nil }
        }
    }

    private let group: any EventLoopGroup
    private let sslContext: NIOSSLContext?
    private let connectTimeout: TimeAmount
    private let readTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    /// Idle connections per endpoint, on any event loop; a call prefers one on its own loop.
    private let idle = Mutex<[Endpoint: [LeanConnection]]>([:])
    private let opened = Atomic<Int>(0)
    private let isShutDown = Atomic(false)
    /// The most idle connections kept per host.
    static let maxIdlePerKey = 64

    /// Creates a client.
    /// - Parameters:
    ///   - group: The event loops; NIO's singleton by default.
    ///   - connectTimeout: How long connecting (and the TLS handshake) may take.
    ///   - readTimeout: How long a read may wait while the answer is wanted (a reasoning model may
    ///     think for minutes before its first byte).
    ///   - idleTimeout: How long an idle connection is kept.
    ///   - tlsConfiguration: TLS settings; the system's trust roots by default.
    public init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(300),
        idleTimeout: Duration = .seconds(60),
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration()
    ) {
        self.group = group
        // A configuration NIOSSL refuses leaves the client without TLS: https calls then fail, plainly.
        self.sslContext = try? NIOSSLContext(configuration: tlsConfiguration)
        self.connectTimeout = .nanoseconds(connectTimeout.nanoseconds)
        self.readTimeout = .nanoseconds(readTimeout.nanoseconds)
        self.idleTimeout = .nanoseconds(idleTimeout.nanoseconds)
    }

    /// How many connections the client has opened (tests check that calls reuse them).
    public var openedConnections: Int { opened.load(ordering: .relaxed) }

    /// How many connections wait in the pool, idle, for any host (tests wait for a connection to be free).
    public var idleConnections: Int { idle.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// Sends a request and returns the answer once its head arrived; the body streams.
    /// - Parameters:
    ///   - method: The method.
    ///   - url: The full URL (`http` or `https`).
    ///   - headers: The request's fields; `host` and `content-length` are added.
    ///   - body: The body.
    ///   - timeout: The deadline for the whole call, the body's last byte included.
    /// - Returns: The answer.
    /// - Throws: `HTTPClientError.connectTimeout`, `.readTimeout`, `.deadlineExceeded` or
    ///   `.remoteConnectionClosed`, or the connection's own error (`UpstreamFailure` maps them all).
    public func execute(
        method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8], timeout: Duration
    ) async throws -> HTTPClientResponse {
        guard let endpoint = Endpoint(url: url) else { throw HTTPClientError.invalidURL }
        let current = MultiThreadedEventLoopGroup.currentEventLoop
        let target = Self.target(of: url)
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target, headers: headers)
        if !head.headers.contains(name: "host") {
            let defaultPort = endpoint.tls ? 443 : 80
            let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host  // an IPv6 literal
            head.headers.add(name: "host", value: endpoint.port == defaultPort ? host : "\(host):\(endpoint.port)")
        }
        head.headers.replaceOrAdd(name: "content-length", value: String(body.count))
        let request = LeanRequest(
            head: head, body: ByteBuffer(bytes: body), deadline: .now() + .nanoseconds(timeout.nanoseconds))
        guard !isShutDown.load(ordering: .relaxed) else { throw HTTPClientError.alreadyShutdown }
        try Task.checkCancellation()
        // A pooled connection that the server closed as idle (before the request could be written, or
        // racing with it: see `LeanResponseHandler.fail`) is replaced by a new one, once.
        if let connection = take(endpoint, preferring: current) {
            do {
                return try await connection.send(request)
            } catch LeanConnection.Failure.closedBeforeAnswer {
                try Task.checkCancellation()
                if NIODeadline.now() >= request.deadline { throw HTTPClientError.deadlineExceeded }
            }
        }
        let connection = try await connect(endpoint, on: current ?? group.next())
        try Task.checkCancellation()
        do {
            return try await connection.send(request)
        } catch LeanConnection.Failure.closedBeforeAnswer {
            throw HTTPClientError.remoteConnectionClosed
        }
    }

    /// Closes every idle connection; calls made afterwards fail, and connections of calls in flight
    /// close when their answers end.
    public func shutdown() {
        isShutDown.store(true, ordering: .relaxed)
        let connections = idle.withLock { idle in
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        for connection in connections { connection.channel.close(promise: nil) }
    }

    // MARK: The pool

    /// An idle connection to the endpoint: one on `loop` if there is one (no hop between threads),
    /// else any.
    private func take(_ endpoint: Endpoint, preferring loop: (any EventLoop)?) -> LeanConnection? {
        idle.withLock { idle in
            if let loop, let index = idle[endpoint]?.lastIndex(where: { $0.channel.eventLoop === loop }),
                let connection = idle[endpoint]?.remove(at: index), connection.claim()
            {
                return connection
            }
            while let connection = idle[endpoint]?.popLast() {
                if connection.claim() { return connection }
            }
            return nil
        }
    }

    /// Puts a connection whose answer ended back in the pool (or closes it when the pool is full).
    private func release(_ connection: LeanConnection, key: Endpoint) {
        guard !isShutDown.load(ordering: .relaxed) else {
            connection.channel.close(promise: nil)
            return
        }
        // Marked idle before it is listed, so a call that finds it in the list can claim it.
        connection.idle(for: idleTimeout)
        let kept = idle.withLock { idle -> Bool in
            guard idle[key, default: []].count < Self.maxIdlePerKey else { return false }
            idle[key, default: []].append(connection)
            return true
        }
        if !kept { connection.channel.close(promise: nil) }
    }

    /// Forgets a connection that closed.
    private func forget(_ connection: LeanConnection, key: Endpoint) {
        idle.withLock { idle in idle[key]?.removeAll { $0 === connection } }
    }

    private func connect(_ endpoint: Endpoint, on loop: any EventLoop) async throws -> LeanConnection {
        let key = endpoint
        let sslContext = self.sslContext
        if endpoint.tls && sslContext == nil { throw HTTPClientError.invalidURL }
        let readTimeout = self.readTimeout
        // An attempt's own connect timeout (`timeouts: {connect: …}` on its model) wins over the client's.
        let connectTimeout =
            UpstreamLimits.connectTimeout.map { TimeAmount.nanoseconds($0.nanoseconds) } ?? self.connectTimeout
        let channel: any Channel
        do {
            let connecting = ClientBootstrap(group: loop)
                .connectTimeout(connectTimeout)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelOption(.autoRead, value: false)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if endpoint.tls, let sslContext {
                            // SNI names a host; an address literal is not sent (and not allowed).
                            let isAddress =
                                endpoint.host.contains(":") || endpoint.host.allSatisfy { $0.isNumber || $0 == "." }
                            try pipeline.addHandler(
                                NIOSSLClientHandler(
                                    context: sslContext, serverHostname: isAddress ? nil : endpoint.host))
                        }
                        try pipeline.addHTTPClientHandlers()
                        try pipeline.addHandler(LeanResponseHandler(readTimeout: readTimeout))
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port)
            channel = try await Self.cancellable(connecting)
        } catch let error as ChannelError where error == .connectTimeout(connectTimeout) {
            throw HTTPClientError.connectTimeout
        }
        opened.wrappingAdd(1, ordering: .relaxed)
        do {
            if endpoint.tls {
                // The handshake is part of connecting: under the connect timeout, not the read timeout.
                let handshake = channel.eventLoop.makePromise(of: Void.self)
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(
                        HandshakeWaiter(done: handshake),
                        position: .before(try channel.pipeline.syncOperations.handler(type: LeanResponseHandler.self)))
                }.get()
                let timeout = channel.eventLoop.scheduleTask(in: connectTimeout) {
                    handshake.fail(HTTPClientError.connectTimeout)
                }
                defer { timeout.cancel() }
                // A cancelled call (a hedge that lost, a deadline) stops waiting at once; the channel is
                // closed below.
                try await withTaskCancellationHandler {
                    try await handshake.futureResult.get()
                } onCancel: {
                    handshake.fail(CancellationError())
                }
            }
            let connection = try await channel.eventLoop.submit { [weak self] () -> LeanConnection in
                guard channel.isActive else { throw HTTPClientError.remoteConnectionClosed }
                let handler = try channel.pipeline.syncOperations.handler(type: LeanResponseHandler.self)
                let connection = LeanConnection(channel: channel, handler: handler)
                // When an answer ends on a reusable connection, it goes back to the pool. The handler
                // holds its connection until the channel closes (that ends the cycle between the two).
                handler.owner = connection
                handler.answerEnded = { [weak self] connection in self?.release(connection, key: key) }
                return connection
            }.get()
            channel.closeFuture.whenComplete { [weak self, weak connection] _ in
                guard let self, let connection else { return }
                self.forget(connection, key: key)
            }
            _ = connection.claim()
            return connection
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Waits for a connection, or stops waiting as soon as the task is cancelled: a hedge that lost, or a
    /// request whose deadline passed, must not wait out a connect timeout on a host that does not answer.
    /// A channel that connects after the wait was given up is closed.
    private static func cancellable(_ connecting: EventLoopFuture<any Channel>) async throws -> any Channel {
        let promise = connecting.eventLoop.makePromise(of: (any Channel).self)
        let settled = Settled()
        connecting.whenComplete { result in
            if settled.claim() {
                promise.completeWith(result)
            } else if case .success(let channel) = result {
                channel.close(promise: nil)
            }
        }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            if settled.claim() { promise.fail(CancellationError()) }
        }
    }

    /// Decides once which of two racing sides completes a promise.
    private final class Settled: Sendable {
        private let done = Atomic(false)

        /// Whether the caller is the first to claim it.
        func claim() -> Bool { !done.exchange(true, ordering: .acquiringAndReleasing) }
    }

    /// Waits for a TLS handshake (the channel does not read on its own, so it asks for reads), then
    /// steps aside.
    private final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let done: EventLoopPromise<Void>

        init(done: EventLoopPromise<Void>) { self.done = done }

        func handlerAdded(context: ChannelHandlerContext) { context.read() }

        func channelReadComplete(context: ChannelHandlerContext) {
            context.read()
            context.fireChannelReadComplete()
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .handshakeCompleted = event as? TLSUserEvent {
                done.succeed()
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            done.fail(error)
            context.fireErrorCaught(error)
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.fail(HTTPClientError.remoteConnectionClosed)
            context.fireChannelInactive()
        }
    }

    /// The path and query of a URL, `/` when it has none (read from its UTF-8 bytes: on every call,
    /// where Foundation's `range(of:)` cost 2% of a proxied request).
    static func target(of url: String) -> String {
        var url = url
        return url.withUTF8 { bytes in
            let (colon, slash, question, hash) = (
                UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")
            )
            var start = 0
            while start + 2 < bytes.count,
                !(bytes[start] == colon && bytes[start + 1] == slash && bytes[start + 2] == slash)
            {
                start += 1
            }
            guard start + 2 < bytes.count else { return "/" }
            start += 3  // past "://", the authority follows
            while start < bytes.count, bytes[start] != slash, bytes[start] != question { start += 1 }
            var end = start
            while end < bytes.count, bytes[end] != hash { end += 1 }
            guard start < end else { return "/" }
            let target = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            return bytes[start] == question ? "/" + target : target
        }
    }
}

/// One request, ready to write.
struct LeanRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var deadline: NIODeadline
}

/// A pooled connection: its channel, and the handler on it (used only on the channel's event loop).
final class LeanConnection: Sendable {
    enum Failure: Error {
        /// The connection closed before any byte of the answer: the request can be sent again.
        case closedBeforeAnswer
    }

    let channel: any Channel
    private let handler: NIOLoopBound<LeanResponseHandler>
    /// Whether a request owns the connection (not in the pool).
    private let busy = Atomic(false)
    private let idleTimer = Mutex<Scheduled<Void>?>(nil)

    init(channel: any Channel, handler: LeanResponseHandler) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
    }

    /// Takes the connection out of the pool; `false` if it is closed or taken.
    func claim() -> Bool {
        guard channel.isActive, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        idleTimer.withLock {
            $0?.cancel()
            $0 = nil
        }
        return true
    }

    /// The connection is back in the pool: it closes if no request takes it within `timeout`.
    func idle(for timeout: TimeAmount) {
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        idleTimer.withLock { $0 = timer }
        busy.store(false, ordering: .releasing)
    }

    /// Writes the request and waits for the answer's head.
    func send(_ request: LeanRequest) async throws -> HTTPClientResponse {
        let promise = channel.eventLoop.makePromise(of: HTTPClientResponse.self)
        let handler = self.handler
        channel.eventLoop.execute { handler.value.start(request, promise: promise) }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}

/// Reads one answer at a time from a connection: the head completes the request's promise, the body
/// goes into an async sequence that asks for the next read only when its consumer wants more.
final class LeanResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart
    typealias Body = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, BodyDelegate
    >

    private enum State {
        case idle
        case waitingForHead(EventLoopPromise<HTTPClientResponse>)
        case streaming(Body.Source)
        case closed
    }

    private let readTimeout: TimeAmount
    private var state = State.idle
    private var context: ChannelHandlerContext?
    private var keepAlive = true
    /// The body's consumer wants more, or the head is awaited: keep reading.
    private var wanted = false
    private var readPending = false
    private var readTimer: Scheduled<Void>?
    /// Counts answers on this connection: a body sequence's late calls (its consumer drained it
    /// after the connection moved on to the next answer) are told apart by it.
    private var generation = 0
    /// When the request in flight was written.
    private var writtenAt = NIODeadline.distantPast
    private var deadlineTimer: Scheduled<Void>?
    /// The connection this handler serves, until the channel closes.
    var owner: LeanConnection?
    /// Called when an answer ended and the connection can take the next request.
    var answerEnded: (@Sendable (LeanConnection) -> Void)?

    init(readTimeout: TimeAmount) { self.readTimeout = readTimeout }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    /// The context holds this handler: forgetting it ends the cycle when the channel goes.
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func start(_ request: LeanRequest, promise: EventLoopPromise<HTTPClientResponse>) {
        guard case .idle = state, let context, context.channel.isActive else {
            promise.fail(LeanConnection.Failure.closedBeforeAnswer)
            return
        }
        state = .waitingForHead(promise)
        writtenAt = .now()
        keepAlive = true
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if request.body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let channel = context.channel
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadlineTimer = context.eventLoop.scheduleTask(deadline: request.deadline) {
            bound.value.fail(HTTPClientError.deadlineExceeded)
            channel.close(promise: nil)
        }
        wanted = true
        issueRead()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readTimer?.cancel()
        readTimer = nil
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard case .waitingForHead(let promise) = state else { return }
            generation += 1
            // An informational answer (103 Early Hints) comes before the real one: wait for that.
            if (100..<200).contains(head.status.code) && head.status.code != 101 { return }
            keepAlive = head.isKeepAlive
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let produced = Body.makeSequence(
                backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8), finishOnDeinit: true,
                delegate: BodyDelegate(handler: bound, eventLoop: context.eventLoop, generation: generation))
            state = .streaming(produced.source)
            promise.succeed(
                HTTPClientResponse(
                    version: head.version, status: head.status, headers: head.headers, body: .stream(produced.sequence))
            )
        case .body(let buffer):
            guard case .streaming(let source) = state else { return }
            wanted = source.yield(buffer) == .produceMore
        case .end:
            guard case .streaming(let source) = state else { return }
            deadlineTimer?.cancel()
            deadlineTimer = nil
            wanted = false
            // Back to the pool before the consumer hears of the end: the next call it makes can
            // then take this connection (every byte of the answer is already in the sequence).
            if keepAlive, let owner {
                state = .idle
                answerEnded?(owner)
            } else {
                state = .closed
                context.close(promise: nil)
            }
            source.finish()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        readPending = false
        if wanted { issueRead() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        owner = nil
        answerEnded = nil
        fail(HTTPClientError.remoteConnectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    /// The body's consumer wants more.
    func produceMore(generation: Int) {
        guard generation == self.generation, case .streaming = state else { return }
        wanted = true
        if !readPending { issueRead() }
    }

    /// The body's consumer went away before the end: the rest is not read, the connection closes.
    func consumerGone(generation: Int) {
        // Also called after a normal end, once the consumer drained the sequence: only an answer
        // still streaming, and still this one, is cut off.
        guard generation == self.generation, case .streaming(let source) = state else { return }
        state = .closed
        source.finish(CancellationError())
        context?.close(promise: nil)
    }

    private func issueRead() {
        guard let context, !readPending else { return }
        readPending = true
        if readTimer == nil {
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let channel = context.channel
            readTimer = context.eventLoop.scheduleTask(in: readTimeout) {
                bound.value.fail(HTTPClientError.readTimeout)
                channel.close(promise: nil)
            }
        }
        context.read()
    }

    /// Ends the request in flight with an error, and the connection with it.
    private func fail(_ error: any Error) {
        readTimer?.cancel()
        readTimer = nil
        deadlineTimer?.cancel()
        deadlineTimer = nil
        switch state {
        case .waitingForHead(let promise):
            // The keep-alive race: the server closed this reused connection as idle just as the
            // request went out (it reads nothing more, and closes without a byte of answer). Go's
            // client retries this case too. Only a clean close, on a connection that already served an
            // answer, within a second of writing: a server that took the request and then failed
            // after thinking for a while must not get it twice.
            let raced =
                (error as? HTTPClientError) == .remoteConnectionClosed && generation > 0
                && NIODeadline.now() - writtenAt < .seconds(1)
            promise.fail(raced ? LeanConnection.Failure.closedBeforeAnswer : error)
        case .streaming(let source):
            source.finish(error)
        case .idle, .closed:
            break
        }
        state = .closed
    }
}

/// Turns the body sequence's demand into reads, on the connection's event loop.
struct BodyDelegate: NIOAsyncSequenceProducerDelegate {
    let handler: NIOLoopBound<LeanResponseHandler>
    let eventLoop: any EventLoop
    let generation: Int

    func produceMore() {
        let handler = self.handler
        let generation = self.generation
        eventLoop.execute { handler.value.produceMore(generation: generation) }
    }

    func didTerminate() {
        let handler = self.handler
        let generation = self.generation
        eventLoop.execute { handler.value.consumerGone(generation: generation) }
    }
}
