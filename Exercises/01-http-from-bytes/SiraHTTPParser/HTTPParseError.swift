// Generated from Sources/SiraHTTPParser/HTTPParseError.swift by scripts/make-starters. Nothing to write here.
/// Why a request could not be parsed, and the status to answer with.
///
/// After any of these the connection is answered once and closed: once framing is in doubt, no
/// byte after it can be trusted to start a new request (that is how request smuggling works).
public struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The status to answer with: 400, 413, 414, 417, 431, 501 or 505.
    public var status: Int
    /// A short reason, safe to send to the client and to log (it never quotes the input).
    public var reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - status: The status to answer with.
    ///   - reason: A short reason.
    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// A malformed request (400).
    /// - Parameter reason: What is malformed.
    /// - Returns: The error.
    public static func badRequest(_ reason: String) -> HTTPParseError { HTTPParseError(status: 400, reason: reason) }

    /// The status and the reason.
    public var description: String { "\(status) \(reason)" }
}
