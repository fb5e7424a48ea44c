// Generated from Sources/SiraHTTPParser/HostField.swift by scripts/make-starters. Nothing to write here.
// The syntax of `Host` (RFC 9110 §7.2): `uri-host [ ":" port ]`, where uri-host is an IP literal
// in brackets, or a reg-name of unreserved, percent-encoded and sub-delim characters.

enum HostField {
    /// Whether a Host value (or a CONNECT authority) is syntactically valid. Empty is valid: a
    /// client sends an empty Host when the target has no authority.
    static func isValid(_ value: ArraySlice<UInt8>) -> Bool {
        var host = value
        if host.first == UInt8(ascii: "[") {
            guard let close = host.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = host[(host.startIndex + 1)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ ASCII.hexValue($0) != nil || $0 == ASCII.colon || $0 == 0x2E })
            else { return false }
            host = host[(close + 1)...]
            if host.isEmpty { return true }
            guard host.first == ASCII.colon else { return false }
            return host.dropFirst().allSatisfy(ASCII.isDigit)
        }
        if let colon = host.firstIndex(of: ASCII.colon) {
            guard host[(colon + 1)...].allSatisfy(ASCII.isDigit) else { return false }
            host = host[host.startIndex..<colon]
        }
        return host.allSatisfy(isRegNameChar)
    }

    /// unreserved / pct-encoded (the `%` and hex digits) / sub-delims.
    static func isRegNameChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
