// One field line: `field-name ":" OWS field-value OWS` (RFC 9112 §5, RFC 9110 §5.5).

import SiraCore

extension Headers.Field {
    /// Parses one header (or trailer) field line, without its CRLF.
    ///
    /// The name is a token with no whitespace before the colon (RFC 9112 §5.1: such a request
    /// must be rejected, since proxies disagree on what it means). A line that starts with
    /// whitespace is obsolete line folding, rejected. The value loses its surrounding whitespace
    /// and may not contain control characters other than HTAB: a NUL or a bare CR inside a value
    /// is how injection attacks start.
    ///
    /// - Parameter line: The line's bytes.
    /// - Returns: The field, or the error to answer with.
    static func parse(_ line: ArraySlice<UInt8>) -> Result<Headers.Field, HTTPParseError> {
        // exercise 1.2 begin: reject obs-fold (leading SP/HTAB), require a token name directly followed by ":", trim the value's whitespace and reject control characters in it
        if let first = line.first, ASCII.isWhitespace(first) {
            return .failure(.badRequest("obsolete line folding is not accepted"))
        }
        guard let colon = line.firstIndex(of: ASCII.colon) else {
            return .failure(.badRequest("header field without a colon"))
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty else { return .failure(.badRequest("empty header field name")) }
        guard name.allSatisfy(ASCII.isTokenChar) else {
            return .failure(.badRequest("invalid header field name"))
        }
        let value = line[(colon + 1)...].trimmingWhitespace()
        guard value.allSatisfy(ASCII.isFieldValueChar) else {
            return .failure(.badRequest("invalid character in header field value"))
        }
        return .success(Headers.Field(name: name.string, value: value.string))
        // stub: return .failure(.badRequest("field line parsing is not written yet"))
        // exercise 1.2 end
    }
}
