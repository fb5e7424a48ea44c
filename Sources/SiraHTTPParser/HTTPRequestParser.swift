// The request parser: an incremental state machine. Bytes go in with `append`, events come out of
// `next()`, in whatever pieces the network delivers them; the result never depends on where the
// bytes were split (the tests check every split of small inputs).

import SiraCore

/// What the parser found.
public enum HTTPParserEvent: Hashable, Sendable {
    /// A complete request head. Body events follow (none for `BodyFraming.none`), then `end`.
    case head(HTTPRequestHead)
    /// A piece of the body, in order.
    case body([UInt8])
    /// The end of the request, with trailer fields of a chunked body (never used for framing).
    case end(trailers: Headers)
    /// The request is malformed or over a limit. Answer `error.status` and close the connection:
    /// the parser accepts nothing more.
    case error(HTTPParseError)
}

/// An HTTP/1.1 request parser, strict to RFC 9112.
///
/// ```swift
/// var parser = HTTPRequestParser()
/// parser.append(bytesFromTheSocket)
/// while let event = parser.next() { … }   // nil: needs more bytes
/// ```
///
/// After `end` the parser is ready for the next request on the same connection (pipelining). After
/// `error` it stays failed. The server may lower the body limit for the current request after
/// `head` with `limitBody(to:)`; a declared `Content-Length` over it fails at once, before any body
/// byte is read, so a 413 needs no upload.
public struct HTTPRequestParser: Sendable {
    enum State: Hashable, Sendable {
        case requestLine(emptyLinesSkipped: Int)
        case headerFields
        case bodyStart
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerFields
        case failed
    }

    /// The limits in force.
    public let limits: HTTPParserLimits
    private var state: State = .requestLine(emptyLinesSkipped: 0)
    private var buffer: [UInt8] = []
    private var readIndex = 0
    // The request being parsed.
    private var requestLine: RequestLine?
    private var fields: [Headers.Field] = []
    private var sectionBytes = 0
    private var bodyLimit: Int
    private var bodyBytes = 0
    private var framing: BodyFraming = .none

    /// Creates a parser.
    /// - Parameter limits: The size limits; defaults suit an API gateway.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBodySize
    }

    /// How many bytes are buffered and not yet consumed.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Whether the parser is between requests (nothing of a next request received yet).
    public var isIdle: Bool {
        if case .requestLine = state { return readIndex == buffer.count }
        return false
    }

    /// Adds bytes received from the connection.
    /// - Parameter bytes: The bytes, in order.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if readIndex > 0, readIndex >= buffer.count / 2 {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Lowers the body limit for the current request; call it after `head`, before reading the body.
    /// - Parameter limit: The largest body this request may have.
    public mutating func limitBody(to limit: Int) {
        bodyLimit = min(limit, limits.maxBodySize)
    }

    /// The next event, or `nil` when more bytes are needed.
    /// - Returns: The event.
    public mutating func next() -> HTTPParserEvent? {
        switch step() {
        case .success(let event): return event
        case .failure(let error):
            state = .failed
            buffer = []
            readIndex = 0
            return .error(error)
        }
    }

    // MARK: The machine

    private mutating func step() -> Result<HTTPParserEvent?, HTTPParseError> {
        while true {
            switch state {
            case .failed:
                return .success(nil)

            case .requestLine(let skipped):
                let limit = limits.maxTargetLength + 64
                guard
                    let line = readLine(
                        limit: limit, tooLong: HTTPParseError(status: 414, reason: "request line too long"))
                else { return .success(nil) }
                let bytes: ArraySlice<UInt8>
                switch line {
                case .failure(let error): return .failure(error)
                case .success(let value): bytes = value
                }
                if bytes.isEmpty {
                    guard skipped < limits.maxLeadingEmptyLines else {
                        return .failure(.badRequest("too many empty lines before the request line"))
                    }
                    state = .requestLine(emptyLinesSkipped: skipped + 1)
                    continue
                }
                switch RequestLine.parse(bytes, maxTargetLength: limits.maxTargetLength) {
                case .failure(let error): return .failure(error)
                case .success(let parsed): requestLine = parsed
                }
                fields = []
                sectionBytes = 0
                state = .headerFields

            case .headerFields:
                let remaining = limits.maxHeaderSectionSize - sectionBytes
                let tooLarge = HTTPParseError(status: 431, reason: "header section too large")
                guard let line = readLine(limit: max(remaining, 0), tooLong: tooLarge) else { return .success(nil) }
                guard case .success(let bytes) = line else { return line.map { _ in nil } }
                sectionBytes += bytes.count + 2
                if bytes.isEmpty { return finishHead().map { .head($0) } }
                guard fields.count < limits.maxHeaderCount else {
                    return .failure(HTTPParseError(status: 431, reason: "too many header fields"))
                }
                switch Headers.Field.parse(bytes) {
                case .failure(let error): return .failure(error)
                case .success(let field): fields.append(field)
                }

            case .bodyStart:
                switch framing {
                case .none:
                    return .success(finishRequest(trailers: [:]))
                case .contentLength(let length):
                    guard length <= bodyLimit else { return .failure(Self.bodyTooLarge) }
                    if length == 0 { return .success(finishRequest(trailers: [:])) }
                    state = .fixedBody(remaining: length)
                case .chunked:
                    state = .chunkSize
                }

            case .fixedBody(let remaining):
                let available = buffer.count - readIndex
                guard available > 0 else { return .success(nil) }
                let take = min(available, remaining)
                let piece = Array(buffer[readIndex..<(readIndex + take)])
                readIndex += take
                state = take == remaining ? .bodyStart : .fixedBody(remaining: remaining - take)
                if take == remaining { framing = .none }
                return .success(.body(piece))

            case .chunkSize:
                let limit = ChunkSizeLine.maxSizeDigits + limits.maxChunkExtensionLength + 1
                guard let line = readLine(limit: limit, tooLong: .badRequest("chunk-size line too long")) else {
                    return .success(nil)
                }
                guard case .success(let bytes) = line else { return line.map { _ in nil } }
                switch ChunkSizeLine.parse(bytes, maxExtensionLength: limits.maxChunkExtensionLength) {
                case .failure(let error): return .failure(error)
                case .success(let chunk):
                    if chunk.size == 0 {
                        fields = []
                        sectionBytes = 0
                        state = .trailerFields
                    } else {
                        let (total, overflow) = bodyBytes.addingReportingOverflow(chunk.size)
                        guard !overflow, total <= bodyLimit else { return .failure(Self.bodyTooLarge) }
                        bodyBytes = total
                        state = .chunkData(remaining: chunk.size)
                    }
                }

            case .chunkData(let remaining):
                let available = buffer.count - readIndex
                guard available > 0 else { return .success(nil) }
                let take = min(available, remaining)
                let piece = Array(buffer[readIndex..<(readIndex + take)])
                readIndex += take
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                return .success(.body(piece))

            case .chunkDataEnd:
                guard buffer.count - readIndex >= 2 else {
                    if buffer.count - readIndex == 1, buffer[readIndex] != ASCII.cr {
                        return .failure(.badRequest("chunk data not followed by CRLF"))
                    }
                    return .success(nil)
                }
                guard buffer[readIndex] == ASCII.cr, buffer[readIndex + 1] == ASCII.lf else {
                    return .failure(.badRequest("chunk data not followed by CRLF"))
                }
                readIndex += 2
                state = .chunkSize

            case .trailerFields:
                let remaining = limits.maxTrailerSectionSize - sectionBytes
                let tooLarge = HTTPParseError(status: 431, reason: "trailer section too large")
                guard let line = readLine(limit: max(remaining, 0), tooLong: tooLarge) else { return .success(nil) }
                guard case .success(let bytes) = line else { return line.map { _ in nil } }
                sectionBytes += bytes.count + 2
                if bytes.isEmpty {
                    return .success(finishRequest(trailers: Headers(fields: fields)))
                }
                guard fields.count < limits.maxHeaderCount else {
                    return .failure(HTTPParseError(status: 431, reason: "too many trailer fields"))
                }
                switch Headers.Field.parse(bytes) {
                case .failure(let error): return .failure(error)
                case .success(let field): fields.append(field)
                }
            }
        }
    }

    private static let bodyTooLarge = HTTPParseError(status: 413, reason: "request body too large")

    /// Validates the header section and emits the head.
    private mutating func finishHead() -> Result<HTTPRequestHead, HTTPParseError> {
        guard let line = requestLine else { return .failure(.badRequest("missing request line")) }
        let headers = Headers(fields: fields)
        fields = []
        switch MessageSemantics.of(headers: headers, version: line.version) {
        case .failure(let error):
            return .failure(error)
        case .success(let semantics):
            if case .contentLength(let length) = semantics.framing, length > limits.maxBodySize {
                return .failure(Self.bodyTooLarge)
            }
            framing = semantics.framing
            bodyLimit = limits.maxBodySize
            bodyBytes = 0
            state = .bodyStart
            return .success(
                HTTPRequestHead(
                    method: line.method,
                    target: line.target,
                    version: line.version,
                    headers: headers,
                    framing: semantics.framing,
                    keepAlive: semantics.keepAlive,
                    expectsContinue: semantics.expectsContinue
                )
            )
        }
    }

    /// Ends the request and gets ready for the next one.
    private mutating func finishRequest(trailers: Headers) -> HTTPParserEvent {
        state = .requestLine(emptyLinesSkipped: 0)
        requestLine = nil
        fields = []
        framing = .none
        return .end(trailers: trailers)
    }

    /// Reads one line ending in CRLF, without it. `nil`: no complete line yet. A bare LF, or a line
    /// longer than `limit` (complete or not), is an error.
    private mutating func readLine(limit: Int, tooLong: HTTPParseError) -> Result<ArraySlice<UInt8>, HTTPParseError>? {
        let start = readIndex
        let end = min(buffer.count, start + limit + 2)
        // One pass finds the LF and notes any CR before it; a CR is only allowed right before the LF.
        let (lineFeed, firstCR) = buffer.withUnsafeBufferPointer { bytes -> (Int?, Int?) in
            var firstCR: Int?
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == ASCII.lf { return (index, firstCR) }
                if byte == ASCII.cr, firstCR == nil { firstCR = index }
                index += 1
            }
            return (nil, firstCR)
        }
        guard let lineFeed else {
            if let firstCR, firstCR + 1 < buffer.count { return .failure(.badRequest("bare CR in a line")) }
            return buffer.count - start > limit + 1 ? .failure(tooLong) : nil
        }
        // No CR may appear in the line except right before the LF, and one must be there. (The CR
        // test comes first so that the answer does not depend on whether the LF has arrived yet.)
        if let firstCR, firstCR != lineFeed - 1 { return .failure(.badRequest("bare CR in a line")) }
        guard lineFeed > start, buffer[lineFeed - 1] == ASCII.cr else {
            return .failure(.badRequest("line ends in a bare LF"))
        }
        let line = buffer[start..<(lineFeed - 1)]
        guard line.count <= limit else { return .failure(tooLong) }
        readIndex = lineFeed + 1
        return .success(line)
    }
}
