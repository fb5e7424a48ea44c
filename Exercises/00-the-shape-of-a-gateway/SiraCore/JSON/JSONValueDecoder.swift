// Generated from Sources/SiraCore/JSON/JSONValueDecoder.swift by scripts/make-starters. Nothing to write here.
// Decoding `Codable` types from a parsed `JSONValue`, so a type sees its object's members in the
// order they came (`UnknownFields` keeps unknown members in that order) and Foundation's decoder,
// which forgets order, is not needed.

/// A `Decoder` over a `JSONValue`. `SiraJSON.decode` parses bytes with `JSONParser` and decodes
/// through this; the errors are Foundation's (`DecodingError` with the coding path to the member at
/// fault), so `GatewayError(decoding:)` can name it.
///
/// Speed matters here (every chat request a provider translates is decoded, and every answer it
/// translates back), so a coding
/// path is built only when something asks for it: a decoder keeps its parent's path and its own key
/// apart, and a scalar member's path is built only for an error.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let parentPath: [any CodingKey]
    let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The path to this value, built on demand.
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.parentPath = codingPath
        self.key = nil
    }

    init(_ value: JSONValue, parentPath: [any CodingKey], key: any CodingKey) {
        self.value = value
        self.parentPath = parentPath
        self.key = key
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw Self.mismatch([String: Any].self, value, codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw Self.mismatch([Any].self, value, codingPath) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(value: value, codingPath: codingPath)
    }

    /// Decodes `type` from `value` at `codingPath`.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at codingPath: [any CodingKey]) throws -> T
    {
        try decode(type, with: JSONValueDecoder(value, codingPath: codingPath))
    }

    /// Decodes `type` from the decoder's value.
    static func decode<T: Decodable>(_ type: T.Type, with decoder: JSONValueDecoder) throws -> T {
        // A JSONValue member needs no converting. Comparing metatypes is cheap; a failed dynamic
        // cast on every member is not.
        if T.self == JSONValue.self, let same = decoder.value as? T { return same }
        if case .null = decoder.value, !(T.self is any ExpressibleByNilLiteral.Type) {
            throw DecodingError.valueNotFound(
                T.self,
                .init(
                    codingPath: decoder.codingPath, debugDescription: "Expected \(T.self) value but found null instead."
                ))
        }
        return try T(from: decoder)
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey])
        -> DecodingError
    {
        if case .null = value {
            return .valueNotFound(
                type,
                .init(codingPath: codingPath(), debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(
            type,
            .init(codingPath: codingPath(), debugDescription: "Expected to decode \(type) but found \(value.kindName).")
        )
    }

    // MARK: Scalars (the path is an autoclosure: built only for an error)

    static func bool(_ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath()) }
        return flag
    }

    static func string(_ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, codingPath()) }
        return text
    }

    static func double(_ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .integer(let integer): return Double(integer)
        case .double(let double): return double
        default: throw mismatch(Double.self, value, codingPath())
        }
    }

    static func integer<T: FixedWidthInteger>(
        _ type: T.Type, _ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]
    ) throws -> T {
        let converted: T?
        switch value {
        case .integer(let integer): converted = T(exactly: integer)
        case .double(let double): converted = T(exactly: double)
        default: throw mismatch(T.self, value, codingPath())
        }
        guard let converted else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath(), debugDescription: "The number does not fit in \(T.self)."))
        }
        return converted
    }
}

extension JSONValue {
    /// What kind of value this is, for error messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// An index as a coding key, for paths such as `messages[1].content`.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func member(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue).")
            )
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try JSONValueDecoder.bool(member(key), codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try JSONValueDecoder.string(member(key), codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try JSONValueDecoder.double(member(key), codingPath + [key])
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(try JSONValueDecoder.double(member(key), codingPath + [key]))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try JSONValueDecoder.integer(type, member(key), codingPath + [key])
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.decode(type, with: JSONValueDecoder(member(key), parentPath: codingPath, key: key))
    }

    // One lookup instead of the default's three (contains, decodeNil, decode): most members of a chat
    // request are optional.

    /// The member's value, or `nil` when it is absent or `null`.
    func present(_ key: Key) -> JSONValue? {
        guard let value = object[key.stringValue], value != .null else { return nil }
        return value
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map { try JSONValueDecoder.bool($0, codingPath + [key]) }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try JSONValueDecoder.string($0, codingPath + [key]) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map { try JSONValueDecoder.double($0, codingPath + [key]) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try JSONValueDecoder.integer(type, $0, codingPath + [key]) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map { try JSONValueDecoder.integer(type, $0, codingPath + [key]) }
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map {
            try JSONValueDecoder.decode(type, with: JSONValueDecoder($0, parentPath: codingPath, key: key))
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try JSONValueDecoder(member(key), parentPath: codingPath, key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(member(key), parentPath: codingPath, key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(object["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(object[key.stringValue] ?? .null, parentPath: codingPath, key: key)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next<T>(_ type: T.Type) throws -> (JSONValue, IndexKey) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end.")
            )
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let (value, index) = try next(type)
        return try JSONValueDecoder.bool(value, codingPath + [index])
    }
    mutating func decode(_ type: String.Type) throws -> String {
        let (value, index) = try next(type)
        return try JSONValueDecoder.string(value, codingPath + [index])
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        let (value, index) = try next(type)
        return try JSONValueDecoder.double(value, codingPath + [index])
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        let (value, index) = try next(type)
        return Float(try JSONValueDecoder.double(value, codingPath + [index]))
    }
    mutating func decode(_ type: Int.Type) throws -> Int {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: UInt.Type) throws -> UInt {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        let (value, index) = try next(type)
        return try JSONValueDecoder.integer(type, value, codingPath + [index])
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, index) = try next(type)
        return try JSONValueDecoder.decode(type, with: JSONValueDecoder(value, parentPath: codingPath, key: index))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let (value, index) = try next(type)
        return try JSONValueDecoder(value, parentPath: codingPath, key: index).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, index) = try next([Any].self)
        return try JSONValueDecoder(value, parentPath: codingPath, key: index).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, index) = try next(Any.self)
        return JSONValueDecoder(value, parentPath: codingPath, key: index)
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoder.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONValueDecoder.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONValueDecoder.double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try JSONValueDecoder.double(value, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONValueDecoder.integer(type, value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder.decode(type, from: value, at: codingPath)
    }
}
