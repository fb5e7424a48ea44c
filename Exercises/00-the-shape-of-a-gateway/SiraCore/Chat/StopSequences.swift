// Generated from Sources/SiraCore/Chat/StopSequences.swift by scripts/make-starters. Nothing to write here.
/// `stop`: one string or a list of strings. The original form is kept so it is written back alike.
public enum StopSequences: Hashable, Sendable, Codable {
    /// `"stop": "END"`.
    case one(String)
    /// `"stop": ["END", "###"]`.
    case many([String])

    /// The sequences as a list, whatever the form.
    public var values: [String] {
        switch self {
        case .one(let value): return [value]
        case .many(let values): return values
        }
    }

    /// Decodes a string or an array of strings.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` for any other shape.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            self = .one(value)
        } else {
            self = .many(try container.decode([String].self))
        }
    }

    /// Encodes in the original form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: Never in practice.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let value): try container.encode(value)
        case .many(let values): try container.encode(values)
        }
    }
}
