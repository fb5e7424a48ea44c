/// Why the model stopped: the neutral vocabulary, spelled as OpenAI spells it.
///
/// Adapters map their provider's reasons onto these (Anthropic's `end_turn` becomes `stop`,
/// `tool_use` becomes `toolCalls`); an unknown reason passes through as its own string.
public struct FinishReason: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    // Codable comes from the standard library's conformance for string raw values: a bare JSON string.
    /// The reason as it appears on the wire.
    public var rawValue: String

    /// Creates a reason from its wire name.
    /// - Parameter rawValue: The reason as it appears on the wire.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A natural end, or a stop sequence was produced.
    public static let stop = FinishReason(rawValue: "stop")
    /// The output hit `max_tokens` or the context window.
    public static let length = FinishReason(rawValue: "length")
    /// The model called one or more tools.
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    /// A content filter removed or refused output.
    public static let contentFilter = FinishReason(rawValue: "content_filter")
    /// DeepSeek: generation was cut off because the service ran short of capacity.
    public static let insufficientSystemResource = FinishReason(rawValue: "insufficient_system_resource")
    /// Zhipu (GLM): generation was cut off by a network failure inside the service.
    public static let networkError = FinishReason(rawValue: "network_error")
    /// Zhipu (GLM): its content safety system stopped the answer.
    public static let sensitive = FinishReason(rawValue: "sensitive")

    /// Whether the answer was cut off before its natural end: `length`, or a provider's own cut
    /// (`insufficient_system_resource`, `network_error`). A client of another format must not read it
    /// as a finished answer.
    public var isCutOff: Bool { self == .length || self == .insufficientSystemResource || self == .networkError }

    /// Whether a filter stopped the answer: `content_filter`, or Zhipu's `sensitive`.
    public var isFiltered: Bool { self == .contentFilter || self == .sensitive }

    /// The wire name.
    public var description: String { rawValue }
}
