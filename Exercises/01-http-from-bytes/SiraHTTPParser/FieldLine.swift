// Starter for chapter 01, generated from Sources/SiraHTTPParser/FieldLine.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 01` runs their tests.
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
        return .failure(.badRequest("field line parsing is not written yet"))
        // exercise 1.2 end
    }
}
