import NIOCore
import SiraCore
import Synchronization

/// The one timer of a connection: armed for whatever the connection is waiting for (a request
/// head, the next body piece, the client to read, the next request), it closes the connection
/// when its deadline passes.
///
/// A single deadline rather than one timer per phase: only one wait is ever in progress, so only
/// one deadline can matter. Arming is cheap on purpose, because it happens several times per
/// request: it only stores the new deadline. A scheduled check is (re)scheduled only when the new
/// deadline is earlier than the pending check; when a check fires early (the deadline moved
/// later) it schedules itself again for the remaining time. Under steady traffic that means almost
/// no scheduling work per request. Closing the channel ends the pending read or write with an
/// error, and the connection handler goes inactive; no task is cancelled from the outside except a request
/// in flight, which the handler cancels when its channel goes inactive.
final class ConnectionTimer: Sendable {
    /// Why the timer is armed, for the log line when it fires.
    enum Phase: String, Sendable {
        case head = "request head"
        case body = "request body"
        case slowBody = "request body below the minimum rate"
        case write = "response write"
        case idle = "idle keep-alive"
    }

    private struct State {
        var deadline: NIODeadline?
        var phase: Phase = .idle
        var check: (at: NIODeadline, task: Scheduled<Void>)?
        var fired: Phase?
    }

    private let channel: any Channel
    private let state = Mutex(State())

    init(channel: any Channel) { self.channel = channel }

    /// Sets the deadline `timeout` from now, replacing any earlier one.
    func arm(_ phase: Phase, after timeout: Duration) {
        arm(phase, at: NIODeadline.now() + .nanoseconds(timeout.nanoseconds))
    }

    /// Sets the deadline, replacing any earlier one.
    func arm(_ phase: Phase, at deadline: NIODeadline) {
        let stale = state.withLock { state -> Scheduled<Void>? in
            state.deadline = deadline
            state.phase = phase
            if let check = state.check, check.at <= deadline { return nil }
            let stale = state.check?.task
            state.check = (deadline, schedule(at: deadline))
            return stale
        }
        stale?.cancel()
    }

    /// Clears the deadline (while a handler runs: handlers keep their own deadlines).
    func cancel() {
        state.withLock { $0.deadline = nil }
    }

    /// Stops the timer for good (the connection is over).
    func stop() {
        let check = state.withLock { state -> Scheduled<Void>? in
            state.deadline = nil
            defer { state.check = nil }
            return state.check?.task
        }
        check?.cancel()
    }

    /// The phase whose timeout closed the connection, if one did.
    var firedPhase: Phase? { state.withLock { $0.fired } }

    private func schedule(at deadline: NIODeadline) -> Scheduled<Void> {
        channel.eventLoop.scheduleTask(deadline: deadline) { [weak self] in self?.checkDeadline() }
    }

    private func checkDeadline() {
        let expired = state.withLock { state -> Bool in
            state.check = nil
            guard let deadline = state.deadline else { return false }
            if deadline <= .now() {
                state.fired = state.phase
                return true
            }
            state.check = (deadline, schedule(at: deadline))
            return false
        }
        if expired { channel.close(promise: nil) }
    }
}
