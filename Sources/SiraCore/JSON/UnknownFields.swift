// The rule behind docs/architecture.md §3.1, "never drop a field silently": every typed model keeps the
// members it does not know in an `extra` object and writes them back out.

/// Reads and writes the members of a JSON object that a typed model does not name.
///
/// A type decodes its known fields with its own `CodingKeys`, then asks `UnknownFields.decode` for
/// the rest; on the way out it encodes its fields and then `UnknownFields.encode` the rest. A field
/// that OpenAI adds tomorrow therefore reaches the upstream today.
public enum UnknownFields {
    /// Collects every member of the object being decoded whose key is not in `known`.
    ///
    /// - Parameters:
    ///   - decoder: The decoder positioned at a JSON object.
    ///   - known: The keys the calling type decodes itself.
    /// - Returns: The other members, keyed by their names.
    /// - Throws: `DecodingError` when the value is not an object.
    public static func decode(from decoder: any Decoder, known: Set<String>) throws -> JSONObject {
        // exercise 0.3 begin: keep every member whose key is not in `known`, with its value as a JSONValue
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        var extra: JSONObject = [:]
        for key in container.allKeys where !known.contains(key.stringValue) {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return extra
        // stub: return [:]
        // exercise 0.3 end
    }

    /// Writes `extra` into the object being encoded, skipping any key the type encodes itself.
    ///
    /// - Parameters:
    ///   - extra: The unknown members kept at decoding time (or added by a policy).
    ///   - encoder: The encoder positioned at the same JSON object.
    ///   - known: The keys the calling type encodes itself; they win over `extra`.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public static func encode(_ extra: JSONObject, to encoder: any Encoder, known: Set<String>) throws {
        guard !extra.isEmpty else { return }
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        for (key, value) in extra where !known.contains(key) {
            try container.encode(value, forKey: DynamicCodingKey(key))
        }
    }
}

extension CaseIterable where Self: CodingKey {
    /// The string keys of a `CodingKeys` enum, for `UnknownFields`.
    public static var names: Set<String> { Set(allCases.map(\.stringValue)) }
}
