import NIOCore
import Synchronization

/// The open connections and whether each is busy with a request, so the server can enforce its
/// connection limit and, at shutdown, close idle connections at once and busy ones when done.
///
/// At the limit, a new connection is admitted by closing the connection that has been idle the
/// longest (a keep-alive connection between requests, or one that never sent a byte): thousands of
/// idle connections must not lock out a client with a request to send. Only when every connection
/// is busy is the new one refused.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var busy = false
        /// When it last became idle, as a sequence number: the smallest is the longest idle.
        var idleSince: UInt64
    }

    private struct State {
        var nextID: UInt64 = 0  // also the number of connections ever accepted
        var open: [UInt64: Entry] = [:]
        var ticks: UInt64 = 0
        var shuttingDown = false
        var evicted = 0
        var emptyWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Registers a connection, closing the longest-idle one when the limit is reached; `nil` when
    /// every open connection is busy or the server is shutting down.
    func register(_ channel: any Channel, limit: Int) -> UInt64? {
        let (id, evicted) = state.withLock { state -> (UInt64?, (any Channel)?) in
            guard !state.shuttingDown else { return (nil, nil) }
            var evicted: (any Channel)?
            if state.open.count >= limit {
                // A scan, but only at the limit, where the alternative is refusing the client.
                guard
                    let oldest = state.open.filter({ !$0.value.busy }).min(by: {
                        $0.value.idleSince < $1.value.idleSince
                    })
                else { return (nil, nil) }
                evicted = state.open.removeValue(forKey: oldest.key)?.channel
                state.evicted += 1
            }
            state.nextID += 1
            state.ticks += 1
            state.open[state.nextID] = Entry(channel: channel, idleSince: state.ticks)
            return (state.nextID, evicted)
        }
        evicted?.close(promise: nil)
        return id
    }

    /// How many idle connections were closed to admit new ones.
    var evictedCount: Int { state.withLock { $0.evicted } }

    func unregister(_ id: UInt64) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open.removeValue(forKey: id)
            guard state.open.isEmpty else { return [] }
            defer { state.emptyWaiters = [] }
            return state.emptyWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until no connection is open (after shutdown: the busy ones finished or were closed at
    /// the end of the grace period). It ignores cancellation on purpose: the server is stopping
    /// either way, and the grace period bounds the wait.
    func waitUntilEmpty() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.open.isEmpty { return true }
                state.emptyWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Marks a connection busy (a request is being handled) or idle. Returns false when the
    /// connection should close instead of taking another request: the server is shutting down, or
    /// the connection was closed to admit another.
    @discardableResult
    func setBusy(_ id: UInt64, _ busy: Bool) -> Bool {
        state.withLock { state in
            guard state.open[id] != nil else { return false }
            state.open[id]?.busy = busy
            if !busy {
                state.ticks += 1
                state.open[id]?.idleSince = state.ticks
            }
            return !state.shuttingDown
        }
    }

    var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    var count: Int { state.withLock { $0.open.count } }

    var acceptedCount: Int { state.withLock { Int($0.nextID) } }

    var busyCount: Int { state.withLock { $0.open.values.count(where: \.busy) } }

    /// Starts shutdown: no new connections; idle ones are closed now.
    func beginShutdown() {
        let idle = state.withLock { state -> [any Channel] in
            state.shuttingDown = true
            return state.open.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    /// Closes every connection still open (the grace period is over).
    func closeAll() {
        for channel in state.withLock({ $0.open.values.map(\.channel) }) { channel.close(promise: nil) }
    }
}
