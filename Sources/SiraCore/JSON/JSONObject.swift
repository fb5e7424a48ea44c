// A JSON object that keeps its members in order: the order they were decoded in, or the order
// Sira wrote them in. Identical inputs then give identical bytes (caching and tests depend on it),
// and an answer reads `id, object, created, model, choices, usage`, as the provider documents it.

/// The members of a JSON object, in order, with dictionary-like access by key.
///
/// Members live in an array; an index from key to position makes lookups O(1), so an object with
/// a hundred thousand members (a hostile body) costs no more than a dictionary would. Setting an
/// existing key keeps its position; a new key goes last; removing one keeps the others' order.
/// Two objects are equal when they have the same members, whatever their order: order is kept for
/// people and for bytes, but JSON does not give it meaning.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One member.
    public typealias Element = (key: String, value: JSONValue)

    private var members: [Element] = []
    private var index: [String: Int] = [:]

    /// Creates an empty object.
    public init() {}

    /// Creates an empty object with room for `minimumCapacity` members.
    /// - Parameter minimumCapacity: The number of members to reserve room for.
    public init(minimumCapacity: Int) {
        members.reserveCapacity(minimumCapacity)
        index.reserveCapacity(minimumCapacity)
    }

    /// Creates an object from members in order; a repeated key keeps its first position and the
    /// value `combine` chooses.
    /// - Parameters:
    ///   - elements: The members.
    ///   - combine: Chooses between the old and the new value of a repeated key.
    public init<S: Sequence>(
        _ elements: S, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue
    ) rethrows where S.Element == (String, JSONValue) {
        for (key, value) in elements {
            if let existing = self[key] {
                self[key] = try combine(existing, value)
            } else {
                self[key] = value
            }
        }
    }

    /// Creates an object from a literal, in order; a repeated key keeps its last value.
    /// - Parameter elements: The members.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements, uniquingKeysWith: { _, last in last })
    }

    /// The value of member `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { index[key].map { members[$0].value } }
        set {
            if let position = index[key] {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    index[key] = nil
                    for later in position..<members.count { index[members[later].key] = later }
                }
            } else if let newValue {
                index[key] = members.count
                members.append((key, newValue))
            }
        }
    }

    /// The value of member `key`, or `defaultValue` (which a mutation through this subscript adds).
    public subscript(key: String, default defaultValue: @autoclosure () -> JSONValue) -> JSONValue {
        get { self[key] ?? defaultValue() }
        set { self[key] = newValue }
    }

    /// How many members there are.
    public var count: Int { members.count }

    /// Whether there are none.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// The values, in order.
    public var values: [JSONValue] { members.map(\.value) }

    /// Removes a member.
    /// - Parameter key: The member's key.
    /// - Returns: Its value, if it was there.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        let value = self[key]
        self[key] = nil
        return value
    }

    /// The object with every value transformed, in the same order.
    /// - Parameter transform: The transformation.
    /// - Returns: The new object.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var result = self
        for position in result.members.indices {
            result.members[position].value = try transform(members[position].value)
        }
        return result
    }

    /// The members whose values `transform` keeps, transformed, as a dictionary (order is not needed
    /// where this is used: reading string metadata).
    /// - Parameter transform: The transformation; `nil` drops the member.
    /// - Returns: The dictionary.
    public func compactMapValues<T>(_ transform: (JSONValue) throws -> T?) rethrows -> [String: T] {
        var result: [String: T] = [:]
        for (key, value) in members { if let mapped = try transform(value) { result[key] = mapped } }
        return result
    }

    /// The members that satisfy `isIncluded`, in order.
    /// - Parameter isIncluded: The test.
    /// - Returns: The object.
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        var result = JSONObject()
        for member in members where try isIncluded(member) { result[member.key] = member.value }
        return result
    }

    /// Adds the members of `other`, in its order; for a key already here, `combine` chooses the value.
    /// - Parameters:
    ///   - other: The members to add.
    ///   - combine: Chooses between this object's value and `other`'s.
    public mutating func merge(
        _ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue
    )
        rethrows
    {
        for (key, value) in other { self[key] = try self[key].map { try combine($0, value) } ?? value }
    }

    /// Iterates the members in order.
    /// - Returns: The iterator.
    public func makeIterator() -> IndexingIterator<[Element]> { members.makeIterator() }

    /// Whether two objects have the same members, whatever their order.
    public static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.count == right.count && left.members.allSatisfy { right[$0.key] == $0.value }
    }

    /// Hashes the members without regard to order, consistent with `==`.
    /// - Parameter hasher: The hasher.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in members {
            var memberHasher = Hasher()
            memberHasher.combine(key)
            memberHasher.combine(value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}
