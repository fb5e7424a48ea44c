// A raw TCP client for integration tests: it sends exactly the bytes a test writes (malformed
// ones too) and reads exactly what the server sends, with a timeout on every wait.

import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A test connection to a server on 127.0.0.1 that speaks bytes, not HTTP.
public final class RawHTTPConnection: Sendable {
    private let channel: any Channel
    private let collector: ByteCollector

    private init(channel: any Channel, collector: ByteCollector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to `127.0.0.1:port`.
    /// - Parameters:
    ///   - port: The server's port.
    ///   - reading: Whether to read what the server sends; `false` makes a client that never reads,
    ///     to test backpressure (until `startReading()`).
    /// - Returns: The connection.
    /// - Throws: When the connection fails.
    public static func connect(port: Int, reading: Bool = true) async throws -> RawHTTPConnection {
        let collector = ByteCollector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.autoRead, value: reading)
            .channelOption(.socketOption(.so_rcvbuf), value: reading ? 0 : 64 * 1024)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CollectingHandler(collector: collector))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return RawHTTPConnection(channel: channel, collector: collector)
    }

    /// Sends bytes as they are.
    /// - Parameter text: The bytes, as a string.
    /// - Throws: When the connection is closed.
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Sends bytes as they are.
    /// - Parameter bytes: The bytes.
    /// - Throws: When the connection is closed.
    public func send(bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// Reads one HTTP response (fixed-length, chunked, or until close).
    /// - Parameters:
    ///   - timeout: The longest wait.
    ///   - forHEAD: Whether the request was HEAD (a Content-Length without a body).
    /// - Returns: The response.
    /// - Throws: `RawHTTPError.timeout` when no whole response arrives in time.
    public func readResponse(timeout: Duration = .seconds(5), forHEAD: Bool = false) async throws -> RawHTTPResponse {
        try await collector.waitFor(timeout: timeout) { bytes, closed in
            RawHTTPResponse.parse(bytes, closed: closed, forHEAD: forHEAD)
        }
    }

    /// Waits until the server closes the connection; returns everything received that was not read.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The unread bytes.
    /// - Throws: `RawHTTPError.timeout` when the connection stays open.
    @discardableResult
    public func readUntilClosed(timeout: Duration = .seconds(5)) async throws -> [UInt8] {
        try await collector.waitFor(timeout: timeout) { bytes, closed in closed ? (bytes, bytes.count) : nil }
    }

    /// Starts reading (after `connect(port:reading: false)`).
    public func startReading() async throws {
        try await channel.setOption(.autoRead, value: true).get()
    }

    /// Whether the server has closed the connection.
    public var isClosed: Bool { collector.isClosed }

    /// Bytes received and not yet consumed by `readResponse`.
    public var unreadBytes: [UInt8] { collector.unread }

    /// Closes the connection from the client side.
    public func close() async {
        try? await channel.close().get()
    }
}

/// A response as read off the wire.
public struct RawHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields, names lowercased, in order.
    public var headers: [(name: String, value: String)]
    /// The body, de-chunked.
    public var body: [UInt8]
    /// The raw chunk sizes, when the body was chunked.
    public var chunkSizes: [Int]

    /// The first value of a field.
    public subscript(name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Parses one response from the front of `bytes`; nil when it is not complete yet.
    static func parse(_ bytes: [UInt8], closed: Bool, forHEAD: Bool) -> (RawHTTPResponse, Int)? {
        guard let headEnd = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let headText = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = RawHTTPResponse(status: status, headers: headers, body: [], chunkSizes: [])
        var index = headEnd.upperBound
        if (100..<200).contains(status) { return (response, index) }
        if let length = response["content-length"].flatMap(Int.init) {
            if forHEAD { return (response, index) }
            guard bytes.count - index >= length else { return nil }
            response.body = Array(bytes[index..<(index + length)])
            return (response, index + length)
        }
        if response["transfer-encoding"] == "chunked" {
            while true {
                guard let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)) else { return nil }
                let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
                guard let size = Int(sizeText, radix: 16) else { return nil }
                index = lineEnd.upperBound
                if size == 0 {
                    guard bytes.count - index >= 2 else { return nil }
                    return (response, index + 2)
                }
                guard bytes.count - index >= size + 2 else { return nil }
                response.body += bytes[index..<(index + size)]
                response.chunkSizes.append(size)
                index += size + 2
            }
        }
        guard closed else { return nil }
        response.body = Array(bytes[index...])
        return (response, bytes.count)
    }
}

/// Why a raw read failed.
public enum RawHTTPError: Error, Sendable {
    /// Nothing complete arrived in time.
    case timeout(received: String)
}

/// Collects received bytes and the closed state; readers poll it with a deadline.
final class ByteCollector: Sendable {
    private let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))

    func append(_ bytes: [UInt8]) { state.withLock { $0.bytes += bytes } }
    func markClosed() { state.withLock { $0.closed = true } }
    var isClosed: Bool { state.withLock { $0.closed } }
    var unread: [UInt8] { state.withLock { $0.bytes } }

    /// Polls `extract` every millisecond until it returns a value (and how many bytes it used).
    func waitFor<T>(timeout: Duration, _ extract: ([UInt8], Bool) -> (T, Int)?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = state.withLock { state -> T? in
                guard let (value, used) = extract(state.bytes, state.closed) else { return nil }
                state.bytes.removeFirst(used)
                return value
            }
            if let found { return found }
            if ContinuousClock.now > deadline {
                throw RawHTTPError.timeout(received: String(decoding: unread, as: UTF8.self))
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

final class CollectingHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let collector: ByteCollector

    init(collector: ByteCollector) { self.collector = collector }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        collector.append(Array(buffer.readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) {
        collector.markClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

extension RawHTTPConnection {
    /// One request on a fresh connection: connect, send, read the response, close. For tests that
    /// make one call at a time and have nothing to check about the connection itself.
    /// - Parameters:
    ///   - port: The server's loopback port.
    ///   - request: The raw request text (`RawHTTPConnection.post` builds one).
    ///   - timeout: How long to wait for the response.
    /// - Returns: The response.
    /// - Throws: When the connection fails or no whole response arrives in time.
    public static func exchange(
        port: Int, _ request: String, timeout: Duration = .seconds(5)
    ) async throws -> RawHTTPResponse {
        let connection = try await connect(port: port)
        try await connection.send(request)
        let response = try await connection.readResponse(timeout: timeout)
        await connection.close()
        return response
    }

    /// A `POST` with a JSON body, as raw HTTP/1.1 text.
    /// - Parameters:
    ///   - path: The request target.
    ///   - body: The JSON text.
    ///   - headers: More header lines, each ending in `\r\n`.
    /// - Returns: The request text.
    public static func post(_ path: String, json body: String, headers: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n\(headers)"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }
}
