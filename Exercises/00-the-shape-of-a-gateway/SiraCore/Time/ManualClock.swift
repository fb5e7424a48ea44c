// Generated from Sources/SiraCore/Time/ManualClock.swift by scripts/make-starters. Nothing to write here.
import Synchronization

/// A clock that moves only when a test says so.
///
/// `sleep(until:)` suspends until `advance` moves time past the deadline; nothing real waits, so
/// tests of timeouts and backoff are instant and never flaky. It uses a `Mutex` (not an actor):
/// the state is tiny, every access is short, and `now` must be readable synchronously.
public final class ManualClock: GatewayClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: ClockInstant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ClockInstant
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
    }

    private let state: Mutex<State>

    /// Creates a clock at `start`.
    /// - Parameter start: The initial instant.
    public init(start: ClockInstant = ClockInstant(nanoseconds: 0)) {
        state = Mutex(State(now: start))
    }

    /// The current instant.
    public var now: ClockInstant { state.withLock { $0.now } }

    /// How many tasks are waiting in `sleep`, so a test can wait until a sleeper has arrived.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Moves time forward and wakes every sleeper whose deadline has passed.
    /// - Parameter duration: How far to move.
    public func advance(by duration: Duration) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now = state.now + duration
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Suspends until `advance` moves time to `deadline` or later.
    /// - Parameter deadline: When to wake.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(until deadline: ClockInstant) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: (any Error)?? = state.withLock { state in
                    if Task.isCancelled { return .some(CancellationError()) }
                    if deadline <= state.now { return .some(nil) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return .none
                }
                switch resumeNow {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }
}
