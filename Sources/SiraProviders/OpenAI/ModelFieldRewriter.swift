// The pass-through principle (docs/architecture.md §3.1) in one function: when client and upstream
// speak the same format, the body goes upstream as received, with only the model name changed (and,
// for a forwarded stream, the usage asked for). Not decoded and re-encoded: that would reorder keys, reformat numbers and risk losing what Sira does not know.

import SiraCore

/// Replaces the value of the top-level `"model"` member in a JSON object, leaving every other byte
/// as it was.
public enum ModelFieldRewriter {
    /// The body with its top-level `model` string replaced, or `nil` when the body is not a JSON
    /// object with a string `model` at the top level.
    ///
    /// Nested `model` members (inside messages or tools) are left alone, and `model` inside strings
    /// is never mistaken for a key: the scanner skips strings, escapes included, and tracks depth.
    ///
    /// - Parameters:
    ///   - body: The JSON body as received.
    ///   - model: The new model name.
    /// - Returns: The rewritten body, or `nil`.
    public static func replacingModel(in body: [UInt8], with model: String) -> [UInt8]? {
        rewriting(body, model: model, askingForStreamUsage: false)
    }

    /// The body with its top-level `model` replaced and, when asked, `stream_options.include_usage`
    /// set to `true` (merged into the client's `stream_options`, or added): an OpenAI-format
    /// upstream then reports a forwarded stream's usage, which budgets and token limits settle with.
    /// - Parameters:
    ///   - body: The JSON body as received.
    ///   - model: The new model name.
    ///   - askingForStreamUsage: Whether to ask for the usage chunk.
    /// - Returns: The rewritten body, or `nil` when the body is not a JSON object with a string
    ///   `model` at the top level.
    public static func rewriting(_ body: [UInt8], model: String, askingForStreamUsage: Bool) -> [UInt8]? {
        guard let object = JSONScanner.topLevelMembers(of: body) else { return nil }
        let models = object.members.filter { $0.key == "model" }
        guard !models.isEmpty, models.allSatisfy({ body[$0.value.lowerBound] == UInt8(ascii: "\"") }) else {
            return nil
        }
        var edits = models.map { (range: $0.value, bytes: JSONValue.string(model).jsonBytes()) }
        if askingForStreamUsage {
            if let options = object.members.last(where: { $0.key == "stream_options" }) {
                var merged = (try? JSONValue(parsing: body[options.value]))?.objectValue ?? [:]
                merged["include_usage"] = true
                edits.append((options.value, JSONValue.object(merged).jsonBytes()))
            } else {
                let member = Array(#","stream_options":{"include_usage":true}"#.utf8)
                edits.append((object.closingBrace..<object.closingBrace, member))
            }
        }
        var result = body
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: edit.bytes)
        }
        return result
    }
}

/// A minimal JSON scanner: enough to find member boundaries without building values.
struct JSONScanner {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The members of a JSON object at the top level: each key (decoded) with the byte range of its
    /// value, and where the closing brace is. `nil` when the bytes are not one JSON object.
    static func topLevelMembers(of bytes: [UInt8]) -> (members: [(key: String, value: Range<Int>)], closingBrace: Int)?
    {
        var scanner = JSONScanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        var members: [(key: String, value: Range<Int>)] = []
        scanner.skipWhitespace()
        if scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: "}") {
            return (members, scanner.index)
        }
        while true {
            scanner.skipWhitespace()
            guard let key = scanner.string() else { return nil }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            let valueStart = scanner.index
            guard scanner.skipValue() else { return nil }
            members.append((scanner.decodedKey(key), valueStart..<scanner.index))
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            guard scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: "}") else { return nil }
            return (members, scanner.index)
        }
    }

    /// The bytes of a top-level member's value, or `nil` when the object has no such member.
    static func member(_ name: String, of bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard let range = topLevelMembers(of: bytes)?.members.last(where: { $0.key == name })?.value else { return nil }
        return bytes[range]
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Skips a string; returns the range of its contents (between the quotes).
    mutating func string() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return start..<(index - 1)
            default: index += 1
            }
        }
        return nil
    }

    /// The key's text; escaped keys are decoded (rare, but `"mod\u0065l"` is `model` too).
    func decodedKey(_ range: Range<Int>) -> String {
        let raw = bytes[range]
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        let quoted = [UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")]
        return (try? JSONValue(parsing: quoted))?.stringValue ?? ""
    }

    /// Skips any value: string, number, literal, object or array (nested ones by depth).
    mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        default:
            let start = index
            while index < bytes.count, !",}] \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            return index > start
        }
    }
}
