// Hedging ("The Tail at Scale"): when the first attempt is slower than most, start a second one on another
// deployment and take whichever commits first. A hedge after the 95th percentile of time to first token
// costs about 5% more attempts and cuts the slowest 5% of waits. It is opt-in, it draws on the same retry
// budget as retries and fallbacks, and the loser is cancelled upstream (its prompt is still paid for: the
// call report records it).

import SiraCore

/// When and how much a model hedges: `hedge: {after: p95, max: 1}` or `hedge: {after: 800ms}`.
public struct HedgeSettings: Sendable, Hashable {
    /// How long the first attempt may go without committing before a hedge starts.
    public enum Delay: Sendable, Hashable {
        /// A fixed wait.
        case fixed(Duration)
        /// The first deployment's observed 95th percentile time to first token (whole-answer time for
        /// answers that do not stream); no hedge until it has `minimumSamples` samples.
        case p95

        /// As configured: `800ms`-style durations as Swift prints them, or `p95`.
        public var configured: String {
            switch self {
            case .fixed(let delay): return "\(delay)"
            case .p95: return "p95"
            }
        }
    }

    /// The wait before each hedge.
    public var delay: Delay
    /// Hedges at most, beyond the first attempt (each one `delay` after the one before).
    public var maximum: Int
    /// Whether requests with tools are hedged: a tool call may act twice, once per attempt, when
    /// both deployments commit to calling it; off unless configured.
    public var withTools: Bool

    /// Samples a deployment needs before its p95 is trusted.
    public static let minimumSamples = 20

    /// Creates settings.
    /// - Parameters:
    ///   - delay: The wait before each hedge.
    ///   - maximum: Hedges at most; 1 by default.
    ///   - withTools: Whether requests with tools are hedged; not by default.
    public init(delay: Delay, maximum: Int = 1, withTools: Bool = false) {
        self.delay = delay
        self.maximum = max(1, maximum)
        self.withTools = withTools
    }
}

/// What a task of the hedge race reports.
enum RaceEvent<Reply: Sendable>: Sendable {
    /// Attempt `n` committed.
    case committed(Int, Reply)
    /// Attempt `n` failed.
    case failed(Int, any Error)
    /// The wait before the next hedge is over.
    case hedgeDue
}

/// The hedge race: attempt 0 starts at once; each `delay` without a committed answer starts the next
/// (while the budget allows); the first to commit wins and the others are cancelled.
public enum HedgeRace {
    /// How a race ended.
    public struct Outcome<Reply: Sendable>: Sendable {
        /// The winner's number (0 is the first attempt).
        public var winner: Int
        /// The winner's committed reply.
        public var reply: Reply
        /// The attempts still running when the winner committed: cancelled, their prompt paid for.
        public var cancelled: [Int]
        /// Those of them that committed in the same moment as the winner, before the cancellation reached
        /// them: their answers were dropped unread.
        public var lateCommits: [Int] = []
    }

    /// Every attempt the race started failed (those not started are left to the fallback loop).
    public struct Failure: Error {
        /// The failures, by attempt number, in the order the attempts were started.
        public var errors: [(attempt: Int, error: any Error)]
    }

    /// Runs the race.
    /// - Parameters:
    ///   - count: How many attempts may run, the first included (1: no hedge).
    ///   - delay: The wait before each hedge.
    ///   - clock: The clock the waits are measured on.
    ///   - mayStart: Asked before each hedge (the retry budget); `false` starts none.
    ///   - attempt: Runs attempt `n` to its commit point.
    /// - Returns: The winner, its reply, and the attempts cancelled.
    /// - Throws: `Failure` when every attempt started has failed, none being left to wait for.
    public static func race<Reply: Sendable>(
        count: Int, after delay: Duration, clock: any GatewayClock, mayStart: @escaping @Sendable () -> Bool,
        attempt: @escaping @Sendable (Int) async throws -> Reply
    ) async throws -> Outcome<Reply> {
        typealias Event = RaceEvent<Reply>
        return try await withThrowingTaskGroup(of: Event.self) { group in
            @Sendable func run(_ number: Int) async -> Event {
                do { return .committed(number, try await attempt(number)) } catch { return .failed(number, error) }
            }
            @Sendable func timer() async -> Event {
                try? await clock.sleep(for: delay)
                return .hedgeDue
            }
            // exercise 5.4 begin: start attempt 0 and a timer; when the timer fires, the race is not cancelled, fewer than count attempts started and mayStart() allows, start the next (and a new timer if more may follow); the first committed attempt wins: cancel the rest and report those still running as cancelled; when every started attempt has failed and none runs, cancel the timer and throw Failure with the errors in start order
            group.addTask { await run(0) }
            if count > 1 { group.addTask { await timer() } }
            var started = 1
            var running: Set<Int> = [0]
            var errors: [(attempt: Int, error: any Error)] = []
            while let event = try await group.next() {
                switch event {
                case .committed(let number, let reply):
                    running.remove(number)
                    group.cancelAll()
                    // The others are cancelled; one may have committed in the same moment. Its reply is
                    // dropped (a stream closes its connection when released) and it counts as a loser.
                    var late: [Int] = []
                    while let event = try await group.next() {
                        if case .committed(let loser, _) = event { late.append(loser) }
                    }
                    return Outcome(
                        winner: number, reply: reply, cancelled: running.sorted(), lateCommits: late.sorted())
                case .failed(let number, let error):
                    running.remove(number)
                    errors.append((number, error))
                case .hedgeDue:
                    // A cancelled race (the client left, the deadline passed) wakes its timer at once:
                    // that is no reason for a hedge.
                    guard started < count, !Task.isCancelled, mayStart() else { continue }
                    let number = started
                    started += 1
                    running.insert(number)
                    group.addTask { await run(number) }
                    if started < count { group.addTask { await timer() } }
                }
                if running.isEmpty {
                    group.cancelAll()
                    break
                }
            }
            throw Failure(errors: errors.sorted { $0.attempt < $1.attempt })
            // stub: throw Failure(errors: [])
            // exercise 5.4 end
        }
    }
}
