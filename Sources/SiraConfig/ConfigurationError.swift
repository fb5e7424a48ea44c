// Configuration mistakes are found at startup (or by `sira check`), never at the first request, and
// each one says where it is: file, line, and the key path, so an operator can fix it without
// guessing. Values are never quoted: a typo next to an API key must not print the key.

/// A problem in a configuration file.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's path, as given.
    public var file: String
    /// The line, from 1; 0 when the problem has no place in the file (it is missing).
    public var line: Int
    /// The key path (`providers.groq.kind`); empty for the whole document.
    public var path: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - file: The file.
    ///   - line: The line.
    ///   - path: The key path.
    ///   - message: What is wrong.
    public init(file: String, line: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    /// `sira.yaml:12: providers.groq.kind: unknown kind 'grok' …`.
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}
