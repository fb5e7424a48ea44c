// Generated from Sources/SiraCore/JSON/JSONValue+Codable.swift by scripts/make-starters. Nothing to write here.
// `JSONValue` as a `Codable` value, and `SiraJSON`, the one way Sira reads and writes JSON text:
// its own parser and writer, which keep object members in order.

extension JSONValue: Codable {
    /// Decodes any JSON value.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the input is not JSON.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? JSONValueDecoder {
            self = decoder.value  // already parsed, in order
            return
        }
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
    /// Parses JSON bytes into a value, object members in the order they came: the one way Sira
    /// reads JSON it does not model.
    /// - Parameter bytes: The JSON text.
    /// - Throws: `DecodingError.dataCorrupted` when the bytes are not JSON.
    public init<Bytes: Sequence>(parsing bytes: Bytes) throws where Bytes.Element == UInt8 {
        self = try JSONParser.parse(bytes)
    }

    /// Parses JSON bytes that must not repeat a member name in any object. Where parsers disagree
    /// about a repeated name (most keep the last value, some the first), a decision made on one
    /// reading must not be applied to text another component reads differently: a cache key is one.
    /// - Parameter bytes: The JSON text.
    /// - Throws: `DecodingError.dataCorrupted` when the bytes are not JSON, or repeat a name.
    public init<Bytes: Sequence>(parsingUniqueNames bytes: Bytes) throws where Bytes.Element == UInt8 {
        self = try JSONParser.parse(bytes, uniqueNames: true)
    }

    /// The value as compact JSON bytes, members in order.
    ///
    /// A non-finite double, which Sira never builds, is written as `null` rather than crashing
    /// the gateway.
    public func jsonBytes() -> [UInt8] { JSONWriter.bytes(self) }
}

extension JSONObject: Codable {
    /// Decodes a JSON object.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError.typeMismatch` when the value is not an object.
    public init(from decoder: any Decoder) throws {
        guard case .object(let object) = try JSONValue(from: decoder) else {
            throw DecodingError.typeMismatch(
                JSONObject.self, .init(codingPath: decoder.codingPath, debugDescription: "Expected an object."))
        }
        self = object
    }

    /// Encodes the object, members in order.
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws { try JSONValue.object(self).encode(to: encoder) }
}

/// Reads and writes JSON text for `Codable` types, keeping object members in order.
///
/// Sira does not use Foundation's `JSONDecoder` and `JSONEncoder`: on Linux they keep objects in
/// hashed dictionaries, so members come out in a different order on every run, and identical
/// requests would not give identical bytes. `SiraJSON` parses with `JSONParser` into a `JSONValue`
/// and decodes from that (`JSONValueDecoder`); it encodes into a `JSONValue` (`JSONValueEncoder`)
/// and writes it with `JSONWriter`. Errors are the same `DecodingError`s Foundation throws.
public enum SiraJSON {
    /// Decodes a value from JSON text.
    /// - Parameters:
    ///   - type: The type.
    ///   - bytes: The JSON text.
    /// - Returns: The value.
    /// - Throws: `DecodingError`: `dataCorrupted` with an empty path for text that is not JSON, or
    ///   the path to the member at fault.
    public static func decode<T: Decodable, Bytes: Sequence>(_ type: T.Type, from bytes: Bytes) throws -> T
    where Bytes.Element == UInt8 {
        try JSONValueDecoder.decode(type, from: try JSONParser.parse(bytes), at: [])
    }

    /// Decodes a value from a parsed `JSONValue`.
    /// - Parameters:
    ///   - type: The type.
    ///   - value: The value.
    /// - Returns: The decoded value.
    /// - Throws: `DecodingError` with the path to the member at fault.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoder.decode(type, from: value, at: [])
    }

    /// Encodes a value as compact JSON text, members in the order the type encodes them.
    /// - Parameter value: The value.
    /// - Returns: The bytes.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        JSONWriter.bytes(try JSONValueEncoder.encode(value))
    }

    /// A value as a `JSONValue`, members in the order the type encodes them.
    /// - Parameter value: The value.
    /// - Returns: The JSON value.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number.
    public static func value<T: Encodable>(of value: T) throws -> JSONValue {
        try JSONValueEncoder.encode(value)
    }
}
