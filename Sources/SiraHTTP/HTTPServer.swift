// The server: binds a socket, accepts connections up to a limit, serves each on its own task, and
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
        let serverChannel: NIOAsyncChannel<AcceptedConnection, Never>
        do {
            serverChannel = try await bind()
        } catch {
            listening.continuation.finish()
            throw error
        }
        let port = serverChannel.channel.localAddress?.port ?? configuration.port
        let stopNow = state.withLock { state -> Bool in
            state.serverChannel = serverChannel.channel
            state.port = port
            return state.shutdownRequested
        }
        listening.continuation.yield(port)
        listening.continuation.finish()
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        if stopNow { serverChannel.channel.close(promise: nil) }

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { tasks in
                try await serverChannel.executeThenClose { connections in
                    for try await accepted in connections {
                        let connection = accepted.take()
                        guard let id = accepted.id else {
                            tasks.addTask { await Self.refuse(connection) }
                            continue
                        }
                        let handler = HTTPConnection(
                            channel: connection,
                            id: id,
                            configuration: configuration,
                            router: router,
                            registry: registry,
                            requestIDs: requestIDs,
                            clock: clock,
                            logger: logger,
                            accessLog: accessLog
                        )
                        tasks.addTask { await handler.run() }
                    }
                }
            }
        } onGracefulShutdown: {
            self.shutdown()
        }
        state.withLock { $0.graceTimer }?.cancel()
        accessLog?.flush()
        logger.info("stopped")
    }

    /// A connection as NIO accepted it, and its registry id (`nil`: over the limit or shutting down).
    ///
    /// NIO hands accepted connections to the accept loop through a buffer, and drops what is in
    /// that buffer when the listening socket closes at the wrong moment (swift-nio#2813). A dropped
    /// `NIOAsyncChannel` that was never run traps the process ("Deinited NIOAsyncWriter without
    /// calling finish()"). So the connection travels in this box, and a box nobody took closes its
    /// connection the supported way, `executeThenClose`, when it goes.
    private final class AcceptedConnection: Sendable {
        let id: UInt64?
        private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        private let taken = Atomic(false)

        init(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, id: UInt64?) {
            self.channel = channel
            self.id = id
        }

        /// The connection, now the caller's to run (and close).
        func take() -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
            taken.store(true, ordering: .relaxed)
            return channel
        }

        deinit {
            guard !taken.load(ordering: .relaxed) else { return }
            let channel = self.channel
            Task { try? await channel.executeThenClose { _, _ in } }
        }
    }

    /// Binds the listening socket. Each connection is registered the moment NIO accepts it, on its
    /// event loop, not when the accept loop gets round to it: a connection accepted just before
    /// `shutdown()` is then closed by shutdown too, instead of waiting unseen in the accept queue.
    private func bind() async throws -> NIOAsyncChannel<AcceptedConnection, Never> {
        let registry = self.registry
        let limit = configuration.maxConnections
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let wrapped = try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    let id = registry.register(channel, limit: limit)
                    if let id { channel.closeFuture.whenComplete { _ in registry.unregister(id) } }
                    return AcceptedConnection(wrapped, id: id)
                }
            }
    }

    /// Starts a graceful shutdown: stop accepting, close idle connections now, let requests in
    /// flight finish, and close whatever is still open after the grace period.
    public func shutdown() {
        let channel = state.withLock { state -> (any Channel)? in
            state.shutdownRequested = true
            return state.serverChannel
        }
        guard let channel else { return }
        logger.info("shutting down", metadata: ["connections": "\(registry.count)", "busy": "\(registry.busyCount)"])
        channel.close(promise: nil)
        registry.beginShutdown()
        let registry = self.registry
        let timer = channel.eventLoop.scheduleTask(
            in: .nanoseconds(configuration.shutdownGracePeriod.nanosecondsForNIO)
        ) {
            registry.closeAll()
        }
        state.withLock { $0.graceTimer = timer }
    }

    /// Answers a connection over the limit with 503 and closes it.
    private static func refuse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let body = GatewayError(.unavailable, "The gateway has too many open connections; retry shortly.")
            .body(.openAI).jsonBytes()
        var buffer = ByteBuffer()
        let headers: Headers = [
            "content-type": "application/json", "content-length": String(body.count), "connection": "close",
            "retry-after": "1",
        ]
        ResponseHead.write(status: 503, headers: headers, into: &buffer)
        buffer.writeBytes(body)
        try? await connection.executeThenClose { _, outbound in try await outbound.write(buffer) }
    }
}
