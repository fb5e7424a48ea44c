import NIOCore
import Synchronization

/// The open connections and whether each is busy with a request, so the server can enforce its
/// connection limit and, at shutdown, close idle connections at once and busy ones when done.
final class ConnectionRegistry: Sendable {
    private struct State {
        var nextID: UInt64 = 0  // also the number of connections ever accepted
        var open: [UInt64: (channel: any Channel, busy: Bool)] = [:]
        var shuttingDown = false
    }

    private let state = Mutex(State())

    /// Registers a connection; `nil` when the limit is reached or the server is shutting down.
    func register(_ channel: any Channel, limit: Int) -> UInt64? {
        state.withLock { state in
            guard !state.shuttingDown, state.open.count < limit else { return nil }
            state.nextID += 1
            state.open[state.nextID] = (channel, false)
            return state.nextID
        }
    }

    func unregister(_ id: UInt64) {
        _ = state.withLock { $0.open.removeValue(forKey: id) }
    }

    /// Marks a connection busy (a request is being handled) or idle. Returns false when the server
    /// is shutting down and the connection should close instead of taking another request.
    @discardableResult
    func setBusy(_ id: UInt64, _ busy: Bool) -> Bool {
        state.withLock { state in
            state.open[id]?.busy = busy
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
