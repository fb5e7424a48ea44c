// Generated from Sources/SiraRouting/RandomSource.swift by scripts/make-starters. Nothing to write here.
import Synchronization

/// Randomness for routing, injected so tests can fix the seed.
///
/// SplitMix64 behind a lock: fast, well distributed, and reproducible from a seed. Not for secrets.
public final class RandomSource: Sendable {
    private let state: Mutex<UInt64>

    /// Creates a source.
    /// - Parameter seed: The seed; a random one by default.
    public init(seed: UInt64 = UInt64.random(in: 0...UInt64.max)) { state = Mutex(seed) }

    /// The next 64 random bits.
    /// - Returns: The bits.
    public func next() -> UInt64 {
        state.withLock { state in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A number in `0 ..< 1`.
    /// - Returns: The number.
    public func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An index in `0 ..< count`.
    /// - Parameter count: The count (> 0).
    /// - Returns: The index.
    public func index(below count: Int) -> Int { Int(next() % UInt64(count)) }
}
