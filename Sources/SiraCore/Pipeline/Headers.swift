/// HTTP header fields in order, with case-insensitive lookup.
///
/// Order and repeats are kept (they matter for `Set-Cookie`-like fields and for forwarding
/// faithfully); names are compared without regard to case, as HTTP requires.
public struct Headers: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field line.
    public struct Field: Hashable, Sendable {
        /// The field name as received.
        public var name: String
        /// The field value, without surrounding whitespace.
        public var value: String

        /// Creates a field.
        /// - Parameters:
        ///   - name: The field name.
        ///   - value: The field value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in order.
    public private(set) var fields: [Field]

    /// Creates headers from name/value pairs, in order.
    /// - Parameter pairs: The fields.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Creates headers from fields, in order.
    /// - Parameter fields: The fields.
    public init(fields: [Field]) {
        self.fields = fields
    }

    /// Creates headers from a literal, in order.
    /// - Parameter elements: The fields.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of the field `name`, compared without case.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value of the field `name`, in order.
    /// - Parameter name: The field name, any case.
    /// - Returns: The values.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Appends a field.
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The value.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field `name` with one field, or appends it.
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The value.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field `name`.
    /// - Parameter name: The field name, any case.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// Iterates the fields in order.
    /// - Returns: An iterator over the fields.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension String {
    /// ASCII case-insensitive equality, as HTTP field names and tokens compare.
    /// - Parameter other: The string to compare with.
    /// - Returns: Whether the two are equal ignoring ASCII case.
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        let left = utf8
        let right = other.utf8
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
        }
    }
}
