// Reading and writing `JSONValue` with Foundation's JSON coders.

import Foundation

extension JSONValue: Codable {
    /// Decodes any JSON value.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the input is not JSON.
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            elements.reserveCapacity(array.count ?? 0)
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let object = try? decoder.container(keyedBy: DynamicCodingKey.self) {
            var members = JSONObject(minimumCapacity: object.allKeys.count)
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Encodes the value as JSON.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a non-finite double.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .integer(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: DynamicCodingKey.self)
            for (key, value) in members { try object.encode(value, forKey: DynamicCodingKey(key)) }
        }
    }
}

/// A coding key made from any string, for objects whose keys are not known in advance.
public struct DynamicCodingKey: CodingKey, Hashable, Sendable {
    /// The key.
    public var stringValue: String
    /// Always `nil`: JSON object keys are strings.
    public var intValue: Int? { nil }

    /// Creates a key from a string.
    /// - Parameter stringValue: The key.
    public init(_ stringValue: String) { self.stringValue = stringValue }
    /// Creates a key from a string.
    /// - Parameter stringValue: The key.
    public init?(stringValue: String) { self.stringValue = stringValue }
    /// Integer keys are not used.
    /// - Parameter intValue: Ignored.
    public init?(intValue: Int) { nil }
}

extension JSONValue {
    /// Parses JSON bytes into a value: the one way Sira reads JSON it does not model.
    /// - Parameter bytes: The JSON text.
    /// - Throws: `DecodingError` when the bytes are not JSON.
    public init<Bytes: Sequence>(parsing bytes: Bytes) throws where Bytes.Element == UInt8 {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The value as compact JSON bytes.
    ///
    /// Encoding a `JSONValue` cannot fail except for a non-finite double, which Sira never builds;
    /// such a value is written as `null` rather than crashing the gateway.
    public func jsonBytes() -> [UInt8] {
        (try? Array(JSONEncoder.sira.encode(self))) ?? Array("null".utf8)
    }
}

extension JSONEncoder {
    /// The encoder Sira writes JSON with: compact, slashes not escaped.
    ///
    /// A fresh encoder per call: `JSONEncoder` is a class and not `Sendable`.
    public static var sira: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
