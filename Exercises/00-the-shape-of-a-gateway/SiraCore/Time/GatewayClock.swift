// Generated from Sources/SiraCore/Time/GatewayClock.swift by scripts/make-starters. Nothing to write here.
// Time as a parameter. Every policy that waits or measures (timeouts, backoff, rate limits, TTLs,
// latency) reads a `GatewayClock`, so tests advance time by hand and never sleep.

/// A point in monotonic time, in nanoseconds from an arbitrary origin.
///
/// Only differences between instants mean anything; it never jumps when the wall clock is set.
public struct ClockInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: Int64

    /// Creates an instant.
    /// - Parameter nanoseconds: Nanoseconds since the clock's origin.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Whether `lhs` is before `rhs`.
    /// - Parameters:
    ///   - lhs: An instant.
    ///   - rhs: Another instant.
    /// - Returns: `true` when `lhs` is earlier.
    public static func < (lhs: ClockInstant, rhs: ClockInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `duration` later.
    /// - Parameters:
    ///   - lhs: An instant.
    ///   - rhs: A duration.
    /// - Returns: The later instant.
    public static func + (lhs: ClockInstant, rhs: Duration) -> ClockInstant {
        ClockInstant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    /// The time from `rhs` to `lhs`.
    /// - Parameters:
    ///   - lhs: The later instant.
    ///   - rhs: The earlier instant.
    /// - Returns: The duration between them (negative if `lhs` is earlier).
    public static func - (lhs: ClockInstant, rhs: ClockInstant) -> Duration {
        .nanoseconds(lhs.nanoseconds &- rhs.nanoseconds)
    }

    /// The instant as seconds since the origin.
    public var description: String { "\(Double(nanoseconds) / 1e9)s" }
}

extension Duration {
    /// The duration in whole nanoseconds (fractions dropped).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }

    /// The duration in seconds, as a `Double`.
    public var seconds: Double { Double(nanoseconds) / 1e9 }
}

/// A source of monotonic time that can also wait.
///
/// Named `GatewayClock` rather than `Clock` so it does not shadow the standard library's `Clock`.
public protocol GatewayClock: Sendable {
    /// The current instant.
    var now: ClockInstant { get }

    /// Waits until `deadline`.
    /// - Parameter deadline: When to wake.
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(until deadline: ClockInstant) async throws
}

extension GatewayClock {
    /// Waits for `duration`.
    /// - Parameter duration: How long.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }
}

/// The real monotonic clock.
public struct SystemClock: GatewayClock {
    private static let origin = ContinuousClock.now

    /// Creates the system clock.
    public init() {}

    /// Now, from the continuous (monotonic) clock.
    public var now: ClockInstant {
        ClockInstant(nanoseconds: (ContinuousClock.now - Self.origin).nanoseconds)
    }

    /// Sleeps on the continuous clock.
    /// - Parameter deadline: When to wake.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(until deadline: ClockInstant) async throws {
        let remaining = deadline - now
        if remaining > .zero { try await Task.sleep(for: remaining) }
    }
}
