// Generated from Sources/SiraCore/Chat/Role.swift by scripts/make-starters. Nothing to write here.
/// Who wrote a message: `system`, `developer`, `user`, `assistant` or `tool`.
///
/// A struct rather than an enum so a role Sira has not met (OpenAI's deprecated `function`, or a
/// future one) still decodes and passes through; the adapters decide what they can translate.
public struct Role: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    // Codable comes from the standard library's conformance for string raw values: a bare JSON string.
    /// The role as it appears on the wire.
    public var rawValue: String

    /// Creates a role from its wire name.
    /// - Parameter rawValue: The role as it appears on the wire.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Instructions from the application (Anthropic and Gemini take them apart from the messages).
    public static let system = Role(rawValue: "system")
    /// OpenAI's newer name for system instructions.
    public static let developer = Role(rawValue: "developer")
    /// The end user.
    public static let user = Role(rawValue: "user")
    /// The model.
    public static let assistant = Role(rawValue: "assistant")
    /// The result of a tool call, answering an assistant's `tool_calls`.
    public static let tool = Role(rawValue: "tool")

    /// The wire name.
    public var description: String { rawValue }
}
