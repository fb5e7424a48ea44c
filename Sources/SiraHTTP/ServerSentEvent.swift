/// One server-sent event, as `text/event-stream` frames it (WHATWG HTML §9.2).
///
/// Streaming chat answers are sequences of these: OpenAI sends `data:` lines only, Anthropic adds
/// `event:` names. Each event ends with a blank line; a multi-line `data` becomes several
/// `data:` lines so the client joins them back with newlines.
public struct ServerSentEvent: Hashable, Sendable {
    /// The event name (`event:`), or `nil` for the default `message`.
    public var event: String?
    /// The data; newlines in it are written as separate `data:` lines.
    public var data: String
    /// The event id (`id:`), if any.
    public var id: String?

    /// Creates an event.
    /// - Parameters:
    ///   - event: The event name.
    ///   - data: The data.
    ///   - id: The event id.
    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }

    /// The event's bytes on the wire, ending with the blank line.
    public var bytes: [UInt8] {
        var text = ""
        if let event { text += "event: \(event.singleLine)\n" }
        if let id { text += "id: \(id.singleLine)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line.replacing("\r", with: ""))\n"
        }
        text += "\n"
        return Array(text.utf8)
    }

    /// A comment line (`: text`), which clients ignore; used as a keep-alive.
    /// - Parameter text: The comment.
    /// - Returns: The bytes.
    public static func comment(_ text: String) -> [UInt8] { Array(": \(text.singleLine)\n\n".utf8) }
}

extension String {
    /// The string with CR and LF removed, so it cannot end a field or inject another.
    fileprivate var singleLine: String { filter { $0 != "\n" && $0 != "\r" } }
}
