// The character classes of RFC 9110 §5.6 and RFC 3986, as tests on single bytes.

enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let slash: UInt8 = 0x2F
    static let star: UInt8 = 0x2A
    static let comma: UInt8 = 0x2C

    /// `tchar`: the characters of a token (method, field name, coding name).
    static func isTokenChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// A byte allowed in a field value: VCHAR, obs-text, SP and HTAB (no other control characters).
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte != 0x7F || byte == space || byte == tab
    }

    /// VCHAR: a visible ASCII character (what a request target may contain).
    static func isVisible(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The value of a hexadecimal digit, or `nil`.
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }
}

extension ArraySlice where Element == UInt8 {
    /// The slice without leading and trailing SP and HTAB (optional whitespace, OWS).
    func trimmingWhitespace() -> ArraySlice<UInt8> {
        var start = startIndex
        var end = endIndex
        while start < end, ASCII.isWhitespace(self[start]) { start += 1 }
        while end > start, ASCII.isWhitespace(self[end - 1]) { end -= 1 }
        return self[start..<end]
    }

    /// The bytes as a string (UTF-8; bytes that are not valid UTF-8 become U+FFFD).
    var string: String { String(decoding: self, as: UTF8.self) }

    /// Whether the bytes equal an ASCII string, ignoring case.
    func equalsIgnoringCase(_ ascii: String) -> Bool {
        guard count == ascii.utf8.count else { return false }
        return zip(self, ascii.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
        }
    }
}
