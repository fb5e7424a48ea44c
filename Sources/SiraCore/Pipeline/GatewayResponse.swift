/// A response from the pipeline: a whole body, or a stream written as it is produced.
public struct GatewayResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The header fields (framing fields such as `Content-Length` are the HTTP layer's job).
    public var headers: Headers
    /// The body.
    public var body: ResponseBody

    /// Creates a response.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(status: Int, headers: Headers = [:], body: ResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    /// - Parameters:
    ///   - status: The HTTP status; 200 by default.
    ///   - value: The JSON body.
    /// - Returns: The response, with `content-type: application/json`.
    public static func json(status: Int = 200, _ value: JSONValue) -> GatewayResponse {
        GatewayResponse(status: status, headers: ["content-type": "application/json"], body: .bytes(value.jsonBytes()))
    }
}

/// A response body: all at once, or a stream of byte chunks (server-sent events).
public enum ResponseBody: Sendable {
    /// The whole body.
    case bytes([UInt8])
    /// Chunks written as they arrive; the HTTP layer pulls the next one only when the client can take it.
    case stream(ResponseStream)
}

/// A stream of body chunks, type-erased so any async sequence of byte arrays can be a body.
///
/// The consumer (the HTTP layer) pulls: it asks for the next chunk only after the previous one was
/// written, so a slow client slows the producer instead of growing a buffer.
public struct ResponseStream: AsyncSequence, Sendable {
    /// A chunk of the body.
    public typealias Element = [UInt8]

    private let makeNext: @Sendable () -> (@Sendable () async throws -> [UInt8]?)

    /// Wraps an async sequence of chunks.
    /// - Parameter base: The chunks, produced on demand.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == [UInt8] {
        makeNext = {
            let box = IteratorBox(base.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    /// A stream of the given chunks, for tests and fixed answers.
    /// - Parameter chunks: The chunks.
    /// - Returns: The stream.
    public static func chunks(_ chunks: [[UInt8]]) -> ResponseStream {
        ResponseStream(chunks.async)
    }

    /// Iterates the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let nextChunk: @Sendable () async throws -> [UInt8]?

        /// The next chunk, or `nil` at the end.
        /// - Returns: The chunk.
        /// - Throws: What the underlying sequence throws.
        public mutating func next() async throws -> [UInt8]? { try await nextChunk() }
    }

    /// Starts iterating. Whether a second iteration replays the chunks depends on the wrapped
    /// sequence; the HTTP layer iterates once.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextChunk: makeNext()) }
}

/// Holds an iterator so a `Sendable` closure can advance it (`ResponseStream`, `ChunkStream` and
/// `ForwardedStream` erase their sequences' types this way).
///
/// `@unchecked Sendable` is sound here because a stream is single-pass and driven by one task at a
/// time (the writer awaits each element before asking for the next), never concurrently. Streams
/// that wrap an iterator already started (routing's committed streams) must be iterated once: two
/// iterators would share it. Every consumer in Sira (the connection writing a response) iterates once.
final class IteratorBox<Base: AsyncIteratorProtocol>: @unchecked Sendable {
    private var base: Base

    init(_ base: Base) { self.base = base }

    func next() async throws -> Base.Element? { try await base.next() }
}

/// An async sequence over an array, for fixed streams.
public struct AsyncArraySequence<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]

    /// Iterates the array.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let elements: [Element]

        /// The next element, or `nil` at the end.
        /// - Returns: The element.
        public mutating func next() async -> Element? {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }

    /// Starts iterating.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(elements: elements) }
}

extension Array where Element: Sendable {
    /// The array as an async sequence.
    public var async: AsyncArraySequence<Element> { AsyncArraySequence(elements: self) }
}
