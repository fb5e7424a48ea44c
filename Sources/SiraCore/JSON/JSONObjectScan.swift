// Reading a JSON object's top level without building its values: what the pass-through path needs
// from a body it forwards (its model, whether it streams, which members it sets), at a fraction of
// the cost of decoding it.

/// A JSON object's top-level members, found without building their values: the name of each, and
/// where its value's bytes are.
///
/// The whole text is checked as strictly as `JSONValue(parsing:)` checks it (every string's escapes
/// and UTF-8, every bracket, the nesting limit), so what the gateway forwards is always JSON; only
/// numbers are checked for their grammar and not their range. Nothing is copied but the member
/// names. A repeated name is listed each time; `last(_:)` finds the value a parser keeps.
public struct JSONObjectScan: Sendable, Hashable {
    /// One member.
    public struct Member: Sendable, Hashable {
        /// The name, unescaped.
        public var name: String
        /// The bytes of its value, in the scanned text.
        public var value: Range<Int>
    }

    /// The members, in the order they came.
    public var members: [Member]
    /// The offset of the object's closing brace (where a new member can be added).
    public var closingBrace: Int

    init(members: [Member], closingBrace: Int) {
        self.members = members
        self.closingBrace = closingBrace
    }

    /// Scans one JSON object.
    /// - Parameter bytes: The text.
    /// - Throws: `DecodingError.dataCorrupted` when the text is not JSON, `typeMismatch` when it is
    ///   JSON but not an object; both with an empty coding path, as decoding would throw.
    public init(_ bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBufferPointer { try JSONParser.scanObject($0) }
    }

    /// The bytes of a top-level member's value, when `bytes` are a JSON object that has it.
    /// - Parameters:
    ///   - name: The member name (the last one counts when it repeats).
    ///   - bytes: The text.
    /// - Returns: The value's bytes, or `nil` when the text is not a JSON object or lacks the member.
    public static func member(_ name: String, of bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard let range = (try? JSONObjectScan(bytes))?.last(name) else { return nil }
        return bytes[range]
    }

    /// The range of the value a parser keeps for `name` (the last one when the name repeats).
    /// - Parameter name: The member name.
    /// - Returns: The range, or `nil` when the object has no such member.
    public func last(_ name: String) -> Range<Int>? {
        members.last { $0.name == name }?.value
    }
}
