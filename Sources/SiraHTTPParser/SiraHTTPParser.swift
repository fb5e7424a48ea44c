// SiraHTTPParser is the pure half of chapter 01: an HTTP/1.1 request parser with no I/O and no
// SwiftNIO, so it can be tested byte by byte and fuzzed in a small binary. `SiraHTTP` runs it on
// SwiftNIO connections.
//
// Layout:
// - `HTTPRequestParser.swift`        the state machine: bytes in, events out
// - `RequestLine.swift`              exercise 1.1, the request line
// - `FieldLine.swift`                exercise 1.2, one header field line
// - `BodyFraming.swift`              exercise 1.3, how the body is delimited (the anti-smuggling rules)
// - `ChunkSizeLine.swift`            exercise 1.4, the size line of a chunk
// - `HostField.swift`                the Host field's syntax
// - `HTTPParseError.swift`           what can be wrong, with the status to answer
// - `HTTPParserLimits.swift`         every size limit, with defaults

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraHTTPParserModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
