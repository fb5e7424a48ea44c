// Generated from Sources/SiraHTTPParser/ByteClasses.swift by scripts/make-starters. Nothing to write here.
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

    /// A set of bytes as a 256-bit mask: one test is a shift and an AND, with no table lookups or
    /// branches, which matters because every byte of every header passes through one of these.
    struct ByteSet {
        let words: (UInt64, UInt64, UInt64, UInt64)

        @inline(__always)
        func contains(_ byte: UInt8) -> Bool {
            let word: UInt64
            switch byte >> 6 {
            case 0: word = words.0
            case 1: word = words.1
            case 2: word = words.2
            default: word = words.3
            }
            return (word >> UInt64(byte & 63)) & 1 == 1
        }
    }

    /// `tchar`: ALPHA, DIGIT and ``!#$%&'*+-.^_`|~`` (RFC 9110 §5.6.2).
    static let tokenChars = ByteSet(words: (0x03FF_6CFA_0000_0000, 0x57FF_FFFF_C7FF_FFFE, 0, 0))
    /// VCHAR, obs-text, SP and HTAB: what a field value may contain (RFC 9110 §5.5).
    static let fieldValueChars = ByteSet(
        words: (0xFFFF_FFFF_0000_0200, 0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF)
    )

    /// `tchar`: the characters of a token (method, field name, coding name).
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool { tokenChars.contains(byte) }

    /// A byte allowed in a field value: VCHAR, obs-text, SP and HTAB (no other control characters).
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool { fieldValueChars.contains(byte) }

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
