/// Every size limit the parser enforces. Each one bounds memory a client can make the gateway hold.
///
/// The defaults suit an API gateway: request lines and headers are small, bodies can be large
/// (long conversations with images), and the server lowers the body limit per endpoint.
public struct HTTPParserLimits: Hashable, Sendable {
    /// The longest request target, in bytes (longer: 414). Default 8 KiB.
    public var maxTargetLength: Int
    /// The largest header section (all field lines with their CRLFs), in bytes (larger: 431). Default 32 KiB.
    public var maxHeaderSectionSize: Int
    /// The most header fields (more: 431). Default 100.
    public var maxHeaderCount: Int
    /// The largest body, in bytes (larger: 413). Default 32 MiB; the server may lower it per endpoint.
    public var maxBodySize: Int
    /// The longest chunk extension list on one chunk-size line, in bytes (longer: 400). Default 256.
    public var maxChunkExtensionLength: Int
    /// The largest trailer section, in bytes (larger: 431). Default 4 KiB.
    public var maxTrailerSectionSize: Int
    /// How many empty lines before a request line are skipped (RFC 9112 §2.2). Default 8.
    public var maxLeadingEmptyLines: Int

    /// Creates limits; every parameter has a default.
    /// - Parameters:
    ///   - maxTargetLength: The longest request target.
    ///   - maxHeaderSectionSize: The largest header section.
    ///   - maxHeaderCount: The most header fields.
    ///   - maxBodySize: The largest body.
    ///   - maxChunkExtensionLength: The longest chunk extension list.
    ///   - maxTrailerSectionSize: The largest trailer section.
    ///   - maxLeadingEmptyLines: Empty lines skipped before a request line.
    public init(
        maxTargetLength: Int = 8 * 1024,
        maxHeaderSectionSize: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxBodySize: Int = 32 * 1024 * 1024,
        maxChunkExtensionLength: Int = 256,
        maxTrailerSectionSize: Int = 4 * 1024,
        maxLeadingEmptyLines: Int = 8
    ) {
        self.maxTargetLength = maxTargetLength
        self.maxHeaderSectionSize = maxHeaderSectionSize
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
        self.maxChunkExtensionLength = maxChunkExtensionLength
        self.maxTrailerSectionSize = maxTrailerSectionSize
        self.maxLeadingEmptyLines = maxLeadingEmptyLines
    }
}
