import NIOCore
import Synchronization

/// The one timer of a connection: armed for whatever the connection is waiting for (a request
/// head, the next body piece, the client to read, the next request), it closes the connection
/// when it fires.
///
/// A single re-armed timer rather than one per phase: only one wait is ever in progress, so only
/// one deadline can matter. Closing the channel ends the pending read or write with an error,
/// which unwinds the connection task; no task is cancelled from the outside.
final class ConnectionTimer: Sendable {
    /// Why the timer is armed, for the log line when it fires.
    enum Phase: String, Sendable {
        case head = "request head"
        case body = "request body"
        case write = "response write"
        case idle = "idle keep-alive"
    }

    private let channel: any Channel
    private let state = Mutex<(scheduled: Scheduled<Void>?, fired: Phase?)>((nil, nil))

    init(channel: any Channel) { self.channel = channel }

    /// Arms the timer, replacing any earlier deadline.
    func arm(_ phase: Phase, after timeout: Duration) {
        let channel = self.channel
        let scheduled = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanosecondsForNIO)) { [weak self] in
            self?.state.withLock { $0.fired = phase }
            channel.close(promise: nil)
        }
        let previous = state.withLock { state -> Scheduled<Void>? in
            let previous = state.scheduled
            state.scheduled = scheduled
            return previous
        }
        previous?.cancel()
    }

    /// Disarms the timer (while a handler runs: handlers keep their own deadlines).
    func cancel() {
        state.withLock { state -> Scheduled<Void>? in
            defer { state.scheduled = nil }
            return state.scheduled
        }?.cancel()
    }

    /// The phase whose timeout closed the connection, if one did.
    var firedPhase: Phase? { state.withLock { $0.fired } }
}

extension Duration {
    var nanosecondsForNIO: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
