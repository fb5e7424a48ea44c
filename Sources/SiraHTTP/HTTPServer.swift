// The server: binds a socket, accepts connections up to a limit, serves each with a channel handler on its
// event loop, and
// shuts down gracefully (stop accepting, finish requests in flight up to a deadline, close idle
// connections at once).

import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SiraCore
import Synchronization

/// Sira's HTTP/1.1 server.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 8080), router: router, logger: logger)
/// try await server.run()   // until shutdown() or a graceful-shutdown signal
/// ```
///
/// It is a `Service` of swift-service-lifecycle, so `sira serve` runs it in a `ServiceGroup` that
/// turns SIGTERM and SIGINT into a graceful shutdown.
public final class HTTPServer: Service, Sendable {
    private struct State {
        var serverChannel: (any Channel)?
        var port: Int?
        var shutdownRequested = false
        var shutdownStarted = false
        var graceTimer: Scheduled<Void>?
    }

    /// The configuration in force.
    public let configuration: HTTPServerConfiguration
    private let router: Router
    private let logger: Logger
    private let accessLog: AccessLog?
    private let clock: any GatewayClock
    private let group: any EventLoopGroup
    private let registry = ConnectionRegistry()
    private let requestIDs = RequestIDGenerator()
    private let state = Mutex(State())
    private let listening = AsyncStream<Int>.makeStream()

    /// Creates a server; it does nothing until `run()`.
    /// - Parameters:
    ///   - configuration: Address, limits and timeouts.
    ///   - router: The endpoints.
    ///   - logger: Where connection logs go.
    ///   - accessLog: Where the access log goes when `configuration.accessLog` is on; standard
    ///     output by default.
    ///   - clock: The clock handlers see in their context.
    ///   - group: The event loops; NIO's shared singleton by default.
    public init(
        configuration: HTTPServerConfiguration,
        router: Router,
        logger: Logger,
        accessLog: AccessLog? = nil,
        clock: any GatewayClock = SystemClock(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.accessLog = configuration.accessLog ? (accessLog ?? .standardOutput) : nil
        self.clock = clock
        self.group = group
    }

    /// The port the server listens on, once it does.
    public var port: Int? { state.withLock { $0.port } }

    /// How many connections are open now.
    public var connectionCount: Int { registry.count }

    /// How many connections have been accepted since the server started (refused ones not counted).
    public var acceptedConnectionCount: Int { registry.acceptedCount }

    /// Waits until the server listens and returns its port.
    /// - Returns: The port.
    public func waitUntilListening() async -> Int? {
        if let port { return port }
        for await port in listening.stream { return port }
        return port
    }

    /// Binds and serves until `shutdown()` or a graceful-shutdown signal, then drains.
    /// - Throws: When the address cannot be bound.
    public func run() async throws {
        let serverChannel: any Channel
        do {
            serverChannel = try await bind()
        } catch {
            listening.continuation.finish()
            throw error
        }
        let port = serverChannel.localAddress?.port ?? configuration.port
        let stopNow = state.withLock { state -> Bool in
            state.serverChannel = serverChannel
            state.port = port
            return state.shutdownRequested
        }
        listening.continuation.yield(port)
        listening.continuation.finish()
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        if stopNow { shutdown() }

        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                // Serving happens on the event loops; this task only waits for the end: the listening
                // socket closed by `shutdown()`, then every connection gone (busy ones finish, the
                // grace period closes the rest).
                try? await serverChannel.closeFuture.get()
                self.shutdown()  // if the listening socket closed by itself, shut down the rest too
                await registry.waitUntilEmpty()
            } onCancel: {
                self.shutdown()
            }
        } onGracefulShutdown: {
            self.shutdown()
        }
        state.withLock { $0.graceTimer }?.cancel()
        accessLog?.flush()
        logger.info("stopped")
    }

    /// Binds the listening socket. Each connection is registered the moment NIO accepts it, on its
    /// event loop, and gets its `HTTPConnectionHandler` there (or, over the limit, a 503).
    private func bind() async throws -> any Channel {
        let registry = self.registry
        let limit = configuration.maxConnections
        let shared = ConnectionContext(
            configuration: configuration, router: router, registry: registry, requestIDs: requestIDs, clock: clock,
            logger: logger, accessLog: accessLog)
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let id = registry.register(channel, limit: limit) else {
                        try channel.pipeline.syncOperations.addHandler(RefusingHandler())
                        return
                    }
                    channel.closeFuture.whenComplete { _ in registry.unregister(id) }
                    try channel.pipeline.syncOperations.addHandler(HTTPConnectionHandler(id: id, shared: shared))
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
    }

    /// Starts a graceful shutdown: stop accepting, close idle connections now, let requests in
    /// flight finish, and close whatever is still open after the grace period.
    public func shutdown() {
        let channel = state.withLock { state -> (any Channel)? in
            state.shutdownRequested = true
            guard !state.shutdownStarted, let channel = state.serverChannel else { return nil }
            state.shutdownStarted = true  // once: every later call finds it started
            return channel
        }
        guard let channel else { return }
        logger.info("shutting down", metadata: ["connections": "\(registry.count)", "busy": "\(registry.busyCount)"])
        channel.close(promise: nil)
        registry.beginShutdown()
        let registry = self.registry
        let timer = channel.eventLoop.scheduleTask(
            in: .nanoseconds(configuration.shutdownGracePeriod.nanoseconds)
        ) {
            registry.closeAll()
        }
        state.withLock { $0.graceTimer = timer }
    }
}

/// Answers a connection over the limit with 503 and closes it.
final class RefusingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        let body = GatewayError(.unavailable, "The gateway has too many open connections; retry shortly.")
            .body(.openAI).jsonBytes()
        var buffer = ByteBuffer()
        let headers: Headers = [
            "content-type": "application/json", "content-length": String(body.count), "connection": "close",
            "retry-after": "1",
        ]
        ResponseHead.write(status: 503, headers: headers, into: &buffer)
        buffer.writeBytes(body)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}  // whatever it sent is not read
}
