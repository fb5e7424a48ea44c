// Generated from Sources/SiraCore/JSON/JSONParser.swift by scripts/make-starters. Nothing to write here.
// Reading JSON text into a `JSONValue`, members in the order they came. Foundation's decoder keeps
// objects in hashed dictionaries, which lose that order (and differ from run to run), so Sira reads
// JSON itself: a small recursive-descent parser over bytes, strict as RFC 8259 asks.

/// Parses JSON bytes into a `JSONValue`.
///
/// Strict: one value and only whitespace around it, no trailing commas, no comments, strings of
/// valid UTF-8 with valid escapes (a lone surrogate is an error), at most 512 levels of nesting (so
/// a hostile body cannot exhaust the stack). Numbers without a fraction or exponent that fit in
/// 64 bits stay integers; others are `Double`s. A repeated key keeps its first position and its last
/// value, as most parsers do. Errors are `DecodingError.dataCorrupted` with an empty coding path, the
/// same as Foundation's for text that is not JSON (`scanObject`, which checks without building, adds
/// `typeMismatch` for JSON that is not an object).
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// Whether a repeated member name is an error (`JSONValue(parsingUniqueNames:)`).
    private var uniqueNames = false

    /// The deepest nesting accepted.
    static let maximumDepth = 512

    /// Parses `bytes` as one JSON value.
    /// - Parameters:
    ///   - bytes: The text.
    ///   - uniqueNames: Whether a member name repeated in one object is an error.
    /// - Returns: The value.
    /// - Throws: `DecodingError.dataCorrupted` when the text is not JSON (or repeats a name, when asked).
    static func parse<Bytes: Sequence>(_ bytes: Bytes, uniqueNames: Bool = false) throws -> JSONValue
    where Bytes.Element == UInt8 {
        let run: (UnsafeBufferPointer<UInt8>) throws -> JSONValue = { buffer in
            var parser = JSONParser(bytes: buffer)
            parser.uniqueNames = uniqueNames
            parser.skipWhitespace()
            let value = try parser.value()
            parser.skipWhitespace()
            guard parser.position == buffer.count else { throw parser.error("unexpected text after the value") }
            return value
        }
        if let result = try bytes.withContiguousStorageIfAvailable(run) { return result }
        return try Array(bytes).withUnsafeBufferPointer(run)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func error(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(codingPath: [], debugDescription: "Invalid JSON at byte \(position): \(message)."))
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value() throws -> JSONValue {
        guard let byte = current else { throw error("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try object())
        case UInt8(ascii: "["): return .array(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character")
        }
    }

    private mutating func literal(_ text: StaticString, _ value: JSONValue) throws -> JSONValue {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end") }
        for offset in 0..<count where bytes[position + offset] != text.utf8Start[offset] {
            throw error("unexpected character")
        }
        position += count
        return value
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
    }

    private mutating func object() throws -> JSONObject {
        try enter()
        defer { depth -= 1 }
        position += 1  // {
        var members = JSONObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return members
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            let count = members.count
            members[key] = try value()
            if uniqueNames, members.count == count { throw error("the member name '\(key.prefix(40))' is repeated") }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return members
            default: throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func array() throws -> [JSONValue] {
        try enter()
        defer { depth -= 1 }
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return elements
            default: throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func string() throws -> String {
        position += 1  // opening quote
        let start = position
        // The common case: no escapes, so the bytes between the quotes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                guard let text = String(validating: raw, as: UTF8.self) else { throw error("invalid UTF-8") }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("a control character in a string") }
            position += 1
        }
        var decoded = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: decoded, as: UTF8.self) else { throw error("invalid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                guard let escape = current else { throw error("unexpected end") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"): decoded.append(contentsOf: String(Character(try unicodeEscape())).utf8)
                default: throw error("an invalid escape")
                }
            default:
                guard byte >= 0x20 else { throw error("a control character in a string") }
                decoded.append(byte)
                position += 1
            }
        }
        throw error("an unterminated string")
    }

    /// After `\u`: four hex digits, and for a high surrogate the `\uXXXX` low surrogate after it.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw error("a lone surrogate") }
            position += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw error("a lone surrogate")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("an invalid escape") }
        return unicode
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("unexpected end") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("an invalid escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func number() throws -> JSONValue {
        let start = position
        let integral = try skipNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if integral, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw error("a number out of range") }
        return .double(double)
    }

    /// Moves past a number, checking its grammar; returns whether it has neither fraction nor exponent.
    private mutating func skipNumber() throws -> Bool {
        var integral = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw error("an invalid number")
        }
        if first == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard skipRequiredDigits() else { throw error("an invalid number") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipRequiredDigits() else { throw error("an invalid number") }
        }
        return integral
    }

    private mutating func skipDigits() {
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
    }

    private mutating func skipRequiredDigits() -> Bool {
        let start = position
        skipDigits()
        return position > start
    }

    // MARK: Checking without building (the pass-through path)

    /// Checks that `bytes` are one JSON object, as strictly as `parse` (numbers are checked for their
    /// grammar, not their range), and returns its members without building their values.
    /// - Parameter bytes: The text.
    /// - Returns: Each member's name and the range of its value's bytes, and where the closing brace is.
    /// - Throws: `DecodingError.dataCorrupted` when the text is not JSON, `typeMismatch` when it is
    ///   JSON but not an object (both with an empty coding path).
    static func scanObject(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONObjectScan {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.current == UInt8(ascii: "{") else {
            // Text that is not JSON says so before it says "not an object".
            try parser.skipValue()
            parser.skipWhitespace()
            guard parser.position == bytes.count else { throw parser.error("unexpected text after the value") }
            throw DecodingError.typeMismatch(
                JSONObject.self, DecodingError.Context(codingPath: [], debugDescription: "Not a JSON object."))
        }
        try parser.enter()
        parser.position += 1  // {
        var members: [JSONObjectScan.Member] = []
        parser.skipWhitespace()
        while parser.current != UInt8(ascii: "}") {
            if !members.isEmpty {
                guard parser.current == UInt8(ascii: ",") else { throw parser.error("expected ',' or '}'") }
                parser.position += 1
                parser.skipWhitespace()
            }
            guard parser.current == UInt8(ascii: "\"") else { throw parser.error("expected a member name") }
            let keyStart = parser.position
            let escaped = try parser.skipString()
            let name: String
            if escaped {
                var again = JSONParser(bytes: bytes)  // rare: `"mod\u0065l"` is `model` too
                again.position = keyStart
                name = try again.string()
            } else {
                name = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[(keyStart + 1)..<(parser.position - 1)]),
                    as: UTF8.self)
            }
            parser.skipWhitespace()
            guard parser.current == UInt8(ascii: ":") else { throw parser.error("expected ':'") }
            parser.position += 1
            parser.skipWhitespace()
            let valueStart = parser.position
            try parser.skipValue()
            members.append(JSONObjectScan.Member(name: name, value: valueStart..<parser.position))
            parser.skipWhitespace()
        }
        let closingBrace = parser.position
        parser.position += 1
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the value") }
        return JSONObjectScan(members: members, closingBrace: closingBrace)
    }

    /// Moves past one value, checking it as `value()` would without building it.
    private mutating func skipValue() throws {
        guard let byte = current else { throw error("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            try enter()
            defer { depth -= 1 }
            position += 1
            skipWhitespace()
            var first = true
            while current != close {
                if !first {
                    guard current == UInt8(ascii: ",") else {
                        throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
                    }
                    position += 1
                    skipWhitespace()
                }
                first = false
                if close == UInt8(ascii: "}") {
                    guard current == UInt8(ascii: "\"") else { throw error("expected a member name") }
                    _ = try skipString()
                    skipWhitespace()
                    guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
                    position += 1
                    skipWhitespace()
                }
                try skipValue()
                skipWhitespace()
            }
            position += 1
        case UInt8(ascii: "\""): _ = try skipString()
        case UInt8(ascii: "t"): _ = try literal("true", .bool(true))
        case UInt8(ascii: "f"): _ = try literal("false", .bool(false))
        case UInt8(ascii: "n"): _ = try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try skipNumber()
        default: throw error("unexpected character")
        }
    }

    /// Moves past a string, checking its escapes and its UTF-8 without copying it; returns whether it
    /// had escapes.
    private mutating func skipString() throws -> Bool {
        position += 1  // opening quote
        var escaped = false
        var run = position  // the start of the bytes since the last escape
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                try checkUTF8(run..<position)
                position += 1
                return escaped
            case UInt8(ascii: "\\"):
                try checkUTF8(run..<position)
                escaped = true
                position += 1
                guard let escape = current else { throw error("unexpected end") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"): _ = try unicodeEscape()
                default: throw error("an invalid escape")
                }
                run = position
            default:
                guard byte >= 0x20 else { throw error("a control character in a string") }
                position += 1
            }
        }
        throw error("an unterminated string")
    }

    /// Checks that a run of string bytes is valid UTF-8, without copying it (ASCII is checked first,
    /// byte by byte; the rest by the standard library's UTF-8 decoder).
    private func checkUTF8(_ range: Range<Int>) throws {
        var index = range.lowerBound
        while index < range.upperBound, bytes[index] < 0x80 { index += 1 }
        guard index < range.upperBound else { return }
        var iterator = UnsafeBufferPointer(rebasing: bytes[index..<range.upperBound]).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return
            case .error: throw error("invalid UTF-8")
            }
        }
    }
}
