// Generated from Sources/SiraCache/SingleFlight.swift by scripts/make-starters. Nothing to write here.
// Concurrent identical misses make one upstream call: the first caller leads, the others wait for its
// answer to land in the cache, each with its own deadline and cancellation.
//
//   caller A ──miss──▶ lead ─────── upstream call ─────── store ─▶ land ──▶ A gets its answer
//   caller B ──miss──▶ wait ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┘ ──▶ B reads the cache: a hit
//   caller C ──miss──▶ wait ┄┄┄ (C's deadline passes) ──▶ C calls the upstream itself
//
// When the leader's answer is not stored (an error, a `length` stop, a stream the client abandoned),
// the waiters find nothing: a failure is not shared, because the next call may succeed and a cache must
// not turn one error into many. One of them leads the next try and the others wait for it in turn, so
// identical calls that keep failing reach the upstream one at a time, never as a herd; each waiter's
// patience (`CachePolicy`'s `flightWait`) counts all its waits together.

import SiraCore
import Synchronization

/// Who leads the call for a key, and who waits for it.
public final class SingleFlight<Key: Hashable & Sendable>: Sendable {
    /// The leader's proof of leading: landing it (or dropping it) wakes the waiters.
    public final class Ticket: Sendable {
        let key: Key
        let flights: SingleFlight<Key>
        private let landed = Atomic(false)

        init(key: Key, flights: SingleFlight<Key>) {
            self.key = key
            self.flights = flights
        }

        /// Ends the flight: the answer was stored, or will not be. Later calls do nothing.
        public func land() {
            guard landed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
            else { return }
            flights.land(key)
        }

        // A leader that goes away without landing (its client left mid-stream) must not strand the waiters.
        deinit { land() }
    }

    /// How a wait ended.
    public enum WaitResult: Sendable, Hashable {
        /// The leader landed (or had landed before the wait began): look in the cache.
        case landed
        /// The wait's time ran out.
        case gaveUp
        /// The waiting task was cancelled.
        case cancelled
    }

    private struct Flight {
        var waiters: [Int: CheckedContinuation<WaitResult, Never>] = [:]
    }

    private struct State {
        var flights: [Key: Flight] = [:]
        var nextWaiter = 0
        var cancelledBeforeWaiting: Set<Int> = []
    }

    private let state = Mutex(State())
    private let clock: any GatewayClock

    /// Creates an empty set of flights.
    /// - Parameter clock: The clock waits time out by.
    public init(clock: any GatewayClock = SystemClock()) { self.clock = clock }

    /// Leads the flight for `key` if none is in progress.
    /// - Parameter key: The key.
    /// - Returns: A ticket to land when the answer is stored (or will not be), or `nil` when another
    ///   caller leads: then `wait(for:timeout:)`.
    public func lead(_ key: Key) -> Ticket? {
        state.withLock { state in
            guard state.flights[key] == nil else { return nil }
            state.flights[key] = Flight()
            return Ticket(key: key, flights: self)
        }
    }

    /// How many callers wait for `key` (tests).
    /// - Parameter key: The key.
    /// - Returns: The number of waiters; 0 when no flight is in progress.
    public func waiterCount(for key: Key) -> Int { state.withLock { $0.flights[key]?.waiters.count ?? 0 } }

    /// Waits until the flight for `key` lands, the time runs out, or the task is cancelled.
    /// - Parameters:
    ///   - key: The key.
    ///   - timeout: The longest wait.
    /// - Returns: How the wait ended.
    public func wait(for key: Key, timeout: Duration) async -> WaitResult {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let deadline = clock.now + timeout
        let timer = Task { [clock] in
            try? await clock.sleep(until: deadline)
            if !Task.isCancelled { self.resume(id, of: key, with: .gaveUp) }
        }
        defer { timer.cancel() }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WaitResult, Never>) in
                let outcome = state.withLock { state -> WaitResult? in
                    if state.cancelledBeforeWaiting.remove(id) != nil { return .cancelled }
                    guard state.flights[key] != nil else { return .landed }  // it landed before the wait began
                    // The timer may have fired before this waiter was registered: then its time is up.
                    guard clock.now < deadline else { return .gaveUp }
                    state.flights[key]!.waiters[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(returning: outcome) }
            }
        } onCancel: {
            let waiting = state.withLock { state -> Bool in
                if state.flights[key]?.waiters[id] != nil { return true }
                state.cancelledBeforeWaiting.insert(id)
                return false
            }
            if waiting { resume(id, of: key, with: .cancelled) }
        }
        // A cancellation that came after the wait ended left its mark: take it away.
        state.withLock { _ = $0.cancelledBeforeWaiting.remove(id) }
        return result
    }

    /// Resumes one waiter, if it still waits.
    private func resume(_ id: Int, of key: Key, with result: WaitResult) {
        let continuation = state.withLock { state in state.flights[key]?.waiters.removeValue(forKey: id) }
        continuation?.resume(returning: result)
    }

    /// Ends the flight for `key` and wakes its waiters.
    private func land(_ key: Key) {
        let waiters = state.withLock { state in state.flights.removeValue(forKey: key)?.waiters.values.map { $0 } ?? []
        }
        for waiter in waiters { waiter.resume(returning: .landed) }
    }
}
