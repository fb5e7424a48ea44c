// The line that starts each chunk: `chunk-size [ chunk-ext ] CRLF` (RFC 9112 §7.1), where
// chunk-ext is `*( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )`.

/// A parsed chunk-size line. Extensions are checked and bounded, then ignored: no standard one exists.
struct ChunkSizeLine: Hashable, Sendable {
    /// The chunk's size in bytes; 0 for the last chunk.
    var size: Int
}

extension ChunkSizeLine {
    /// The most hex digits accepted in a chunk size: 15 digits is about 1 PB, far above any limit,
    /// and cannot overflow an `Int`.
    static let maxSizeDigits = 15

    /// Parses a chunk-size line, without its CRLF.
    ///
    /// - Parameters:
    ///   - line: The line's bytes.
    ///   - maxExtensionLength: The longest extension list allowed.
    /// - Returns: The size, or the error to answer with.
    static func parse(_ line: ArraySlice<UInt8>, maxExtensionLength: Int) -> Result<ChunkSizeLine, HTTPParseError> {
        // exercise 1.4 begin: read 1 to 15 hex digits as the size; then only extensions may follow: ";" name ["=" token or quoted-string], with optional spaces/tabs around ";" and "=", at most maxExtensionLength bytes
        var index = line.startIndex
        var size = 0
        while index < line.endIndex, let digit = ASCII.hexValue(line[index]) {
            guard index - line.startIndex < maxSizeDigits else {
                return .failure(.badRequest("chunk size too large"))
            }
            size = size * 16 + digit
            index += 1
        }
        guard index > line.startIndex else { return .failure(.badRequest("invalid chunk size")) }
        let extensions = line[index...]
        guard extensions.count <= maxExtensionLength else {
            return .failure(.badRequest("chunk extensions too long"))
        }
        guard ChunkSizeLine.isValidExtensionList(extensions) else {
            return .failure(.badRequest("invalid chunk extension"))
        }
        return .success(ChunkSizeLine(size: size))
        // stub: return .failure(.badRequest("chunk size parsing is not written yet"))
        // exercise 1.4 end
    }

    /// Whether the bytes are a well-formed `chunk-ext` list (possibly empty).
    static func isValidExtensionList(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        func skipWhitespace() { while index < bytes.endIndex, ASCII.isWhitespace(bytes[index]) { index += 1 } }
        func token() -> Bool {
            let start = index
            while index < bytes.endIndex, ASCII.isTokenChar(bytes[index]) { index += 1 }
            return index > start
        }
        func quotedString() -> Bool {
            guard index < bytes.endIndex, bytes[index] == ASCII.quote else { return false }
            index += 1
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == ASCII.quote {
                    index += 1
                    return true
                }
                if byte == ASCII.backslash {
                    index += 1
                    guard index < bytes.endIndex, ASCII.isFieldValueChar(bytes[index]) else { return false }
                } else if !ASCII.isFieldValueChar(byte) {
                    return false
                }
                index += 1
            }
            return false
        }
        while true {
            skipWhitespace()
            if index == bytes.endIndex { return true }
            guard bytes[index] == ASCII.semicolon else { return false }
            index += 1
            skipWhitespace()
            guard token() else { return false }
            skipWhitespace()
            if index < bytes.endIndex, bytes[index] == ASCII.equals {
                index += 1
                skipWhitespace()
                guard token() || quotedString() else { return false }
            }
        }
    }
}
