import Foundation
import SiraCore

/// Decoding and encoding helpers that keep tests short.
public enum JSONTesting {
    /// Decodes `T` from a JSON string.
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - json: The JSON text.
    /// - Returns: The value.
    /// - Throws: `DecodingError` when the text does not decode.
    public static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try SiraJSON.decode(T.self, from: Array(json.utf8))
    }

    /// An OpenAI event stream's text read back: the events' chunks merged into one answer, and
    /// whether it ended with `data: [DONE]`.
    /// - Parameter text: The `text/event-stream` body.
    /// - Returns: The merged answer and whether the stream was complete.
    /// - Throws: `DecodingError` when an event is not a chunk.
    public static func openAIStream(_ text: String) throws -> (response: ChatResponse, done: Bool) {
        var events = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        let done = events.last == "data: [DONE]"
        if done { events.removeLast() }
        var accumulator = StreamAccumulator()
        for event in events {
            accumulator.apply(try decode(ChatChunk.self, String(event.dropFirst("data: ".count))))
        }
        return (accumulator.response, done)
    }

    /// Encodes a value and reads it back as a `JSONValue`.
    /// - Parameter value: The value to encode.
    /// - Returns: The encoded JSON.
    /// - Throws: `EncodingError` when the value does not encode.
    public static func encodeToJSON<T: Encodable>(_ value: T) throws -> JSONValue {
        try SiraJSON.value(of: value)
    }

    /// Parses JSON text into a `JSONValue`. Round-trip tests compare `droppingNullMembers` of both
    /// sides, since Sira treats a `null` member as absent (except a message's `content`).
    /// - Parameter json: The JSON text.
    /// - Returns: The value.
    /// - Throws: `DecodingError` when the text is not JSON.
    public static func parse(_ json: String) throws -> JSONValue {
        try JSONValue(parsing: json.utf8)
    }
}

extension JSONValue {
    /// The value with every `null` object member removed, recursively (array elements are kept).
    public var droppingNullMembers: JSONValue {
        switch self {
        case .object(let members):
            return .object(members.filter { $0.value != .null }.mapValues(\.droppingNullMembers))
        case .array(let elements):
            return .array(elements.map(\.droppingNullMembers))
        default:
            return self
        }
    }

    /// The paths at which two values differ, for readable test failures (at most `limit`).
    /// - Parameters:
    ///   - other: The value to compare with.
    ///   - path: The path of this value.
    ///   - limit: How many differences to report at most.
    /// - Returns: Paths such as `$.messages[2].content`, with both values.
    public func differences(from other: JSONValue, path: String = "$", limit: Int = 10) -> [String] {
        var found: [String] = []
        collectDifferences(from: other, path: path, into: &found, limit: limit)
        return found
    }

    private func collectDifferences(from other: JSONValue, path: String, into found: inout [String], limit: Int) {
        guard found.count < limit else { return }
        switch (self, other) {
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted() {
                switch (left[key], right[key]) {
                case (let l?, let r?): l.collectDifferences(from: r, path: "\(path).\(key)", into: &found, limit: limit)
                case (nil, let r?): found.append("\(path).\(key): missing, expected \(r)")
                case (let l?, nil): found.append("\(path).\(key): unexpected \(l)")
                default: break
                }
            }
        case (.array(let left), .array(let right)) where left.count == right.count:
            for (index, pair) in zip(left, right).enumerated() {
                pair.0.collectDifferences(from: pair.1, path: "\(path)[\(index)]", into: &found, limit: limit)
            }
        default:
            if !isSameJSON(as: other) { found.append("\(path): \(self) versus \(other)") }
        }
    }
}
