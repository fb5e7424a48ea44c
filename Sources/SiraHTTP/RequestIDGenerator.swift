import Synchronization

/// Makes request ids: a random per-process prefix and a counter, `req_3f9a1c02e4b7d615_00000000002a`.
///
/// Unique across restarts and instances (the prefix) and cheap (no randomness per request); the
/// counter also tells an operator the order in which one process received requests.
public final class RequestIDGenerator: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    /// Creates a generator with a random prefix.
    public init() {
        prefix = "req_" + String(UInt64.random(in: .min ... .max), radix: 16).leftPadded(to: 16) + "_"
    }

    /// The next id.
    /// - Returns: A new request id.
    public func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        // Written in place (one allocation per id): this runs for every request.
        let digits: StaticString = "0123456789abcdef"
        return prefix.utf8.withContiguousStorageIfAvailable { prefix in
            String(unsafeUninitializedCapacity: prefix.count + 12) { output in
                _ = output.initialize(fromContentsOf: prefix)
                for index in 0..<12 {
                    let nibble = Int((value >> UInt64(4 * (11 - index))) & 0xF)
                    output[prefix.count + index] = digits.utf8Start[nibble]
                }
                return prefix.count + 12
            }
        } ?? prefix + String(value, radix: 16).leftPadded(to: 12)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
