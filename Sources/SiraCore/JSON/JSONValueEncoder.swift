// Encoding `Codable` types into a `JSONValue`, members in the order the type encodes them: a
// `ChatResponse` comes out `id, object, created, model, choices, usage`, the same bytes every time.
// Foundation's encoder keeps objects in hashed dictionaries, so its order changes between runs.

/// An `Encoder` that builds a `JSONValue`. `SiraJSON.encode` encodes through this and writes the
/// value with `JSONWriter`.
///
/// Containers write into `EncodingNode`s, reference-typed because Codable hands out containers
/// that outlive the call that made them (a nested container is filled after its parent returned).
struct JSONValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: EncodingNode, codingPath: [any CodingKey] = []) {
        self.node = node
        self.codingPath = codingPath
    }

    /// Encodes `value` into a `JSONValue`.
    /// - Parameter value: The value.
    /// - Returns: The JSON value.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number.
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if T.self == JSONValue.self, let json = value as? JSONValue { return json }
        let node = EncodingNode()
        try value.encode(to: JSONValueEncoder(node: node))
        return node.resolved
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }

    /// Encodes `value` into `node`.
    static func encode<T: Encodable>(_ value: T, into node: EncodingNode, at codingPath: [any CodingKey]) throws {
        // Comparing metatypes is cheap; a failed dynamic cast on every member is not.
        if T.self == JSONValue.self, let json = value as? JSONValue {
            node.set(json)
            return
        }
        try value.encode(to: JSONValueEncoder(node: node, codingPath: codingPath))
    }

    static func number(_ double: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard double.isFinite else {
            throw EncodingError.invalidValue(
                double, .init(codingPath: codingPath, debugDescription: "\(double) cannot be written in JSON."))
        }
        return .double(double)
    }

    static func integer<T: BinaryInteger>(_ integer: T) -> JSONValue {
        Int64(exactly: integer).map(JSONValue.integer) ?? .double(Double(integer))
    }
}

/// A value being encoded: empty, a finished value, an object or an array of nodes still filling.
///
/// An object's members and an array's elements live in the node itself, not in an enum payload: a
/// payload would be copied out and back on every member added, making an object quadratic to build.
final class EncodingNode {
    enum Kind { case empty, value, object, array }

    private(set) var kind = Kind.empty
    private var value = JSONValue.null
    private var keys: [String] = []
    private var members: [String: EncodingNode] = [:]
    private var elements: [EncodingNode] = []

    /// Sets a finished value.
    func set(_ newValue: JSONValue) {
        kind = .value
        value = newValue
    }

    func becomeObject() {
        guard kind != .object else { return }
        kind = .object
        keys = []
        members = [:]
    }

    func becomeArray() {
        guard kind != .array else { return }
        kind = .array
        elements = []
    }

    /// The node for member `key`: a new one at the end, or the one already there (same position).
    func member(_ key: String) -> EncodingNode {
        becomeObject()
        if let existing = members[key] { return existing }
        let node = EncodingNode()
        keys.append(key)
        members[key] = node
        return node
    }

    func appendElement() -> EncodingNode {
        becomeArray()
        let node = EncodingNode()
        elements.append(node)
        return node
    }

    /// How many elements an array node has.
    var count: Int { kind == .array ? elements.count : 0 }

    var resolved: JSONValue {
        switch kind {
        case .empty: return .object([:])  // a type that encoded nothing: `{}`, as Foundation writes it
        case .value: return value
        case .object:
            var object = JSONObject(minimumCapacity: keys.count)
            for key in keys { object[key] = members[key]?.resolved ?? .null }
            return .object(object)
        case .array: return .array(elements.map(\.resolved))
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    func set(_ value: JSONValue, _ key: Key) { node.member(key.stringValue).set(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try JSONValueEncoder.number(value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try JSONValueEncoder.number(Double(value), codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONValueEncoder.encode(value, into: node.member(key.stringValue), at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        JSONValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        JSONValueEncoder(node: node.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    func append(_ value: JSONValue) { node.appendElement().set(value) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws {
        append(try JSONValueEncoder.number(value, codingPath + [IndexKey(count)]))
    }
    mutating func encode(_ value: Float) throws {
        append(try JSONValueEncoder.number(Double(value), codingPath + [IndexKey(count)]))
    }
    mutating func encode(_ value: Int) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int8) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int16) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int32) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int64) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt16) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt32) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt64) throws { append(JSONValueEncoder.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try JSONValueEncoder.encode(value, into: node.appendElement(), at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let path = codingPath + [IndexKey(count)]
        return JSONValueEncoder(node: node.appendElement(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        return JSONValueEncoder(node: node.appendElement(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [IndexKey(count)]
        return JSONValueEncoder(node: node.appendElement(), codingPath: path)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    func set(_ value: JSONValue) { node.set(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try JSONValueEncoder.number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { set(try JSONValueEncoder.number(Double(value), codingPath)) }
    mutating func encode(_ value: Int) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int8) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int16) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int32) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int64) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt16) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt32) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt64) throws { set(JSONValueEncoder.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONValueEncoder.encode(value, into: node, at: codingPath)
    }
}
