// Reading server-sent events from an upstream: the inverse of `ServerSentEvent.bytes`. Providers
// stream their answers as `text/event-stream`; this turns the bytes, in whatever pieces the network
// delivers them, into events. Pure and incremental, like the HTTP parser of chapter 01.

/// One event read from a stream: its name (`event:`, default `message`) and its data.
public struct ReceivedEvent: Hashable, Sendable {
    /// The event name; `message` when the stream did not name it.
    public var name: String
    /// The data lines, joined with newlines.
    public var data: String

    /// Creates an event.
    /// - Parameters:
    ///   - name: The event name.
    ///   - data: The data.
    public init(name: String, data: String) {
        self.name = name
        self.data = data
    }
}

/// An incremental `text/event-stream` parser (WHATWG HTML §9.2.6).
///
/// Lines end with CRLF, LF or CR (a CR at the end of one piece and an LF at the start of the next
/// are one line end). `:` starts a comment; `data:` lines accumulate; an empty line dispatches the
/// event. An event whose data exceeds `maxEventSize` is an error rather than unbounded memory.
public struct ServerSentEventParser: Sendable {
    /// Why the stream could not be read.
    public struct Failure: Error, Hashable, Sendable {
        /// What went wrong.
        public var reason: String
    }

    /// The largest event, in bytes of data.
    public let maxEventSize: Int
    private var line: [UInt8] = []
    private var lastByteWasCR = false
    private var eventName: String?
    private var data: [UInt8] = []
    private var hasData = false

    /// Creates a parser.
    /// - Parameter maxEventSize: The largest event accepted; 8 MiB by default.
    public init(maxEventSize: Int = 8 * 1024 * 1024) {
        self.maxEventSize = maxEventSize
    }

    /// Parses the next piece of the stream.
    /// - Parameter bytes: The bytes, in order.
    /// - Returns: The events completed by these bytes.
    /// - Throws: `Failure` when an event exceeds the size limit.
    public mutating func parse<Bytes: Sequence>(_ bytes: Bytes) throws -> [ReceivedEvent] where Bytes.Element == UInt8 {
        var events: [ReceivedEvent] = []
        for byte in bytes {
            if lastByteWasCR {
                lastByteWasCR = false
                if byte == 0x0A { continue }  // the LF of a CRLF whose CR ended the line
            }
            if byte == 0x0A || byte == 0x0D {
                lastByteWasCR = byte == 0x0D
                if let event = try endLine() { events.append(event) }
            } else {
                line.append(byte)
                if line.count > maxEventSize { throw Failure(reason: "an event line exceeds \(maxEventSize) bytes") }
            }
        }
        return events
    }

    /// Handles a complete line; returns an event when the line was empty and data was pending.
    private mutating func endLine() throws -> ReceivedEvent? {
        defer { line.removeAll(keepingCapacity: true) }  // `line` holds the line; it is emptied afterwards
        // exercise 2.1 begin: an empty line dispatches the pending event (if any data) and resets; ':' starts a comment; split the field at the first ':' and drop one leading space of the value; 'data' lines join with '\n' (at most maxEventSize), 'event' names the event, other fields are ignored
        if line.isEmpty {
            defer {
                eventName = nil
                data.removeAll(keepingCapacity: true)
                hasData = false
            }
            guard hasData else { return nil }
            return ReceivedEvent(name: eventName ?? "message", data: String(decoding: data, as: UTF8.self))
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let field = line[..<colon]
        var value = colon < line.endIndex ? line[(colon + 1)...] : []
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        switch String(decoding: field, as: UTF8.self) {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
            if data.count > maxEventSize { throw Failure(reason: "an event exceeds \(maxEventSize) bytes") }
        case "event":
            eventName = String(decoding: value, as: UTF8.self)
        default:
            break  // `id`, `retry` and unknown fields do not matter to a gateway
        }
        return nil
        // stub: return nil
        // exercise 2.1 end
    }
}
