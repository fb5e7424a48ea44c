// One spelling for every JSON value, so that requests that mean the same share a cache key.
//
// Clients and SDKs write the same request differently: members in another order, `1.0` for `1`,
// `"\u00e9"` for `"é"`, spaces or none. A key over the bytes as received would miss on all of these
// (LiteLLM users report keys that change with member order). A key over a canonical form does not.
// The form here is the one RFC 8785 (JSON Canonicalization Scheme) describes in spirit: members sorted
// by name, no whitespace, strings in one escaping, numbers in one notation.

import SiraCore

/// Writes JSON values canonically: the same bytes for every spelling of the same value.
///
/// - Object members are sorted by name (by their UTF-8 bytes), at every depth. A repeated name was
///   already resolved by the parser (its last value counts).
/// - Numbers: an integer is written in decimal; a fraction-less double within ±2^53 (every integer a
///   double holds exactly) is written as that integer, so `1`, `1.0` and `1e0` agree; `-0` is `0`;
///   other doubles are written in Swift's shortest round-tripping form (`0.7`, `1e+20`).
/// - Strings are written as the parser decoded them, escaped one way (`JSONValue.jsonBytes()`).
/// - Arrays keep their order: in a chat request, order is meaning.
public enum CanonicalJSON {
    /// The canonical bytes of a value.
    /// - Parameter value: The value.
    /// - Returns: Its canonical JSON text.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        normalised(value).jsonBytes()
    }

    /// The canonical bytes of JSON text.
    /// - Parameter text: JSON text.
    /// - Returns: Its canonical form.
    /// - Throws: `DecodingError` when the text is not JSON.
    public static func bytes(parsing text: [UInt8]) throws -> [UInt8] {
        bytes(try JSONValue(parsing: text))
    }

    /// The value with its objects sorted and its numbers in one form.
    /// - Parameter value: The value.
    /// - Returns: The canonical value.
    public static func normalised(_ value: JSONValue) -> JSONValue {
        // exercise 4.1 begin: sort every object's members by name (UTF-8 order) and recurse into its values and an array's elements; a fraction-less double within ±2^53 becomes an integer (-0 too); everything else stays
        switch value {
        case .object(let object):
            var sorted = JSONObject(minimumCapacity: object.count)
            for member in object.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                sorted[member.key] = normalised(member.value)
            }
            return .object(sorted)
        case .array(let elements):
            return .array(elements.map(normalised))
        case .double(let double):
            if double == 0 { return .integer(0) }
            if double == double.rounded(), abs(double) <= 9_007_199_254_740_992 { return .integer(Int64(double)) }
            return value
        case .null, .bool, .integer, .string:
            return value
        }
        // stub: return value
        // exercise 4.1 end
    }
}
