import SiraCore
import SiraResilience
import Synchronization

/// An exponentially weighted moving average: each new sample moves the average `alpha` of the way
/// towards it, so recent samples count most and old ones fade without a window to store.
public struct EWMA: Sendable, Hashable {
    /// How far each sample moves the average (0 < alpha ≤ 1).
    public let alpha: Double
    /// The average, or `nil` before the first sample.
    public private(set) var value: Double?

    /// Creates an average.
    /// - Parameter alpha: The weight of a new sample; 0.3 by default.
    public init(alpha: Double = 0.3) { self.alpha = alpha }

    /// Adds a sample.
    /// - Parameter sample: The sample.
    public mutating func add(_ sample: Double) {
        guard let current = value else {
            value = sample  // the first sample is the average: starting from 0 would drag it down
            return
        }
        value = current + alpha * (sample - current)
    }
}

/// The last latencies of a deployment, for percentiles: a ring of 64 samples, so the p95 that
/// hedging waits for follows the deployment as it is now, and costs a sort of 64 numbers to read.
public struct LatencyWindow: Sendable, Hashable {
    /// How many samples are kept.
    public static let capacity = 64
    private var samples: [Duration] = []
    private var next = 0

    /// An empty window.
    public init() {}

    /// How many samples it holds.
    public var count: Int { samples.count }

    /// Adds a sample, replacing the oldest once full.
    /// - Parameter sample: The latency.
    public mutating func add(_ sample: Duration) {
        if samples.count < Self.capacity {
            samples.append(sample)
        } else {
            samples[next] = sample
        }
        next = (next + 1) % Self.capacity
    }

    /// A percentile of the samples (nearest rank), or `nil` with fewer than `minimumSamples`.
    /// - Parameters:
    ///   - fraction: The percentile as a fraction (0.95).
    ///   - minimumSamples: Samples needed before it is trusted.
    /// - Returns: The latency below which `fraction` of the samples lie.
    public func percentile(_ fraction: Double, minimumSamples: Int) -> Duration? {
        guard samples.count >= max(1, minimumSamples) else { return nil }
        let sorted = samples.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }
}

/// How routing decides that a target is unhealthy and for how long it is skipped.
///
/// Chapter 03 counts consecutive failures and cools a target down (`PassiveHealth`). With `breaker`
/// set (the gateway always sets it from chapter 05 on), the same two numbers drive a circuit
/// breaker instead: `failuresToCoolDown` faults in a row eject the target for `coolDown`, longer
/// with each ejection in a row, a probe decides when it comes back, a 429 only pauses it, and at
/// most the breaker's share of a group is out at once.
public struct HealthSettings: Sendable, Hashable {
    /// Consecutive failures that start a cool-down (or an ejection).
    public var failuresToCoolDown: Int
    /// How long a cooling target is skipped (the first ejection, with a breaker).
    public var coolDown: Duration
    /// The circuit breaker's settings, replacing the cool-down; `nil` for chapter 03's cool-down.
    /// Its `consecutiveFailures` and `baseEjection` are taken from the two numbers above.
    public var breaker: CircuitBreaker.Settings?

    /// Creates the settings.
    /// - Parameters:
    ///   - failuresToCoolDown: Consecutive failures; 3 by default.
    ///   - coolDown: The cool-down; 30 s by default.
    ///   - breaker: The circuit breaker's other settings; none (chapter 03's cool-down) by default.
    public init(failuresToCoolDown: Int = 3, coolDown: Duration = .seconds(30), breaker: CircuitBreaker.Settings? = nil)
    {
        self.failuresToCoolDown = failuresToCoolDown
        self.coolDown = coolDown
        self.breaker = breaker.map { settings in
            var settings = settings
            settings.consecutiveFailures = max(1, failuresToCoolDown)
            settings.baseEjection = coolDown
            settings.maximumEjection = max(coolDown, settings.maximumEjection)
            return settings
        }
    }
}

/// Passive health of one deployment: how many attempts in a row failed, and the cool-down they
/// started. A small state machine, fed by `RoutingState` after every attempt (exercise 3.4).
///
/// - `failed`: a provider fault counts; the `failuresToCoolDown`-th in a row starts a cool-down of
///   `coolDown` from now, and the count starts again from zero (after the cool-down the deployment
///   gets the same number of chances as a fresh one).
/// - `succeeded`: a whole answer arrived. The deployment works: the count restarts and a cool-down
///   ends at once.
/// - `streamCompleted`: a committed stream ended well. The count restarts, but a running cool-down
///   stays: it began after this stream started, because other requests failed meanwhile.
///
/// Chapter 05's circuit breakers replace this with outlier ejection behind the same calls.
public struct PassiveHealth: Sendable, Hashable {
    /// What happened to an attempt, as far as health is concerned.
    public enum Event: Sendable, Hashable {
        /// A whole answer arrived.
        case succeeded
        /// A committed stream ended with its format's last event.
        case streamCompleted
        /// The attempt failed with a provider fault (the caller's mistakes and cancellations are
        /// not recorded at all).
        case failed
    }

    /// Provider faults in a row since the last success, completed stream or cool-down start.
    public private(set) var consecutiveFailures = 0
    /// When the running cool-down ends, if one was started.
    public private(set) var coolingUntil: ClockInstant?

    /// A deployment with no history: healthy.
    public init() {}

    /// Whether the deployment is cooling down at an instant (a cool-down ends exactly at `coolingUntil`).
    /// - Parameter now: The instant.
    /// - Returns: `true` while it should be skipped.
    public func isCooling(at now: ClockInstant) -> Bool { coolingUntil.map { now < $0 } ?? false }

    /// Records what happened to an attempt.
    /// - Parameters:
    ///   - event: What happened.
    ///   - now: When (a cool-down starts from here).
    ///   - settings: How many failures start a cool-down, and for how long.
    public mutating func record(_ event: Event, at now: ClockInstant, settings: HealthSettings) {
        // exercise 3.4 begin: count failures; the failuresToCoolDown-th in a row cools down until now + coolDown and restarts the count; success resets both, a completed stream only the count
        switch event {
        case .succeeded:
            consecutiveFailures = 0
            coolingUntil = nil
        case .streamCompleted:
            consecutiveFailures = 0
        case .failed:
            consecutiveFailures += 1
            if consecutiveFailures >= settings.failuresToCoolDown {
                coolingUntil = now + settings.coolDown
                consecutiveFailures = 0
            }
        }
        // stub: _ = (event, now, settings)
        // exercise 3.4 end
    }
}

/// What routing learns about deployments (provider + upstream model), shared by every model group
/// that sends to them: two groups with a deployment in common share its latency, load and health,
/// so a deployment that is down cools down once, for all of them. Chapter 05's breakers keep their
/// state by the same key.
///
/// Per deployment: latency (EWMA of whole-answer time, or time to first token for streams),
/// requests in flight, consecutive failures and the end of a cool-down. All behind one lock:
/// updates are a few arithmetic operations.
public final class DeploymentStates: Sendable {
    struct Record {
        var latency = EWMA()
        var recent = LatencyWindow()
        var inFlight = 0
        var health = PassiveHealth()
        var breaker = CircuitBreaker()
    }

    let records = Mutex<[Deployment: Record]>([:])
    /// The clock cool-downs are measured on.
    public let clock: any GatewayClock

    /// Creates an empty store.
    /// - Parameter clock: The clock cool-downs are measured on.
    public init(clock: any GatewayClock = SystemClock()) { self.clock = clock }
}

/// What routing remembers for one model group: its targets' view of the shared `DeploymentStates`
/// (by target index, in the group's order), its health settings, and its round-robin counters.
///
/// Passive health: consecutive failures start a cool-down (the group's `HealthSettings` decides when
/// and for how long); chapter 05 replaces it with circuit breakers through the same calls.
public final class RoutingState: Sendable {
    private let deployments: [Deployment]
    private let store: DeploymentStates
    private let roundRobin = Mutex<[String: [Double]]>([:])
    /// The health settings.
    public let health: HealthSettings
    /// The clock cool-downs are measured on.
    public var clock: any GatewayClock { store.clock }

    /// Creates state for a group.
    /// - Parameters:
    ///   - deployments: The group's targets' deployments, in order.
    ///   - health: The health settings.
    ///   - store: What is known about deployments, shared with other groups.
    public init(deployments: [Deployment], health: HealthSettings = HealthSettings(), store: DeploymentStates) {
        self.deployments = deployments
        self.store = store
        self.health = health
    }

    /// What planning reads about one target, taken for all targets under one lock.
    public struct Snapshot: Sendable {
        /// Average latency in seconds, or `nil` before the first answer.
        public var latency: Double?
        /// Requests in flight.
        public var inFlight: Int
        /// Whether the target is cooling down now (ejected or paused by its breaker).
        public var cooling: Bool
    }

    /// Every target's latency, load and health at once: one lock and one clock reading per plan,
    /// whatever the number of targets.
    ///
    /// With a breaker, at most `maximumEjectedShare` of the group's targets count as ejected: when
    /// more are, those whose ejection ends soonest are readmitted, so a bad minute cannot empty a
    /// group (a 429's pause is not an ejection and is not readmitted).
    /// - Returns: One snapshot per target, by index.
    public func snapshot() -> [Snapshot] {
        let now = clock.now
        var snapshot: [Snapshot] = []
        snapshot.reserveCapacity(deployments.count)
        var ejected: [(index: Int, until: ClockInstant)] = []
        store.records.withLock { records in
            for (index, deployment) in deployments.enumerated() {
                let record = records[deployment] ?? DeploymentStates.Record()
                let cooling: Bool
                if health.breaker != nil {
                    cooling = !record.breaker.isAvailable(at: now)
                    if record.breaker.isEjected(at: now) && !record.breaker.isPaused(at: now) {
                        ejected.append((index, record.breaker.ejectedUntil ?? now))
                    }
                } else {
                    cooling = record.health.isCooling(at: now)
                }
                snapshot.append(Snapshot(latency: record.latency.value, inFlight: record.inFlight, cooling: cooling))
            }
        }
        if let breaker = health.breaker, !ejected.isEmpty {
            let allowed = Int((breaker.maximumEjectedShare * Double(deployments.count)).rounded(.down))
            if ejected.count > allowed {
                for readmitted in ejected.sorted(by: { $0.until < $1.until }).prefix(ejected.count - allowed) {
                    snapshot[readmitted.index].cooling = false
                }
            }
        }
        return snapshot
    }

    /// Reads or changes one target's record under the store's lock.
    private func withRecord<T>(_ target: Int, _ body: (inout DeploymentStates.Record) -> T) -> T {
        store.records.withLock { records in body(&records[deployments[target], default: DeploymentStates.Record()]) }
    }

    /// A target's average latency in seconds, or `nil` before its first answer.
    /// - Parameter target: The target's index.
    /// - Returns: The latency.
    public func latency(of target: Int) -> Double? { withRecord(target) { $0.latency.value } }

    /// How many requests a target has in flight (from every group that shares its deployment).
    /// - Parameter target: The target's index.
    /// - Returns: The count.
    public func inFlight(of target: Int) -> Int { withRecord(target) { $0.inFlight } }

    /// Whether a target is cooling down now.
    /// - Parameter target: The target's index.
    /// - Returns: `true` while it should be skipped.
    public func isCooling(_ target: Int) -> Bool {
        let now = clock.now
        let breaks = health.breaker != nil
        return withRecord(target) { breaks ? !$0.breaker.isAvailable(at: now) : $0.health.isCooling(at: now) }
    }

    /// The 95th percentile of a target's recent answers' latency (time to first content for
    /// streams), once it has `minimumSamples` of them.
    /// - Parameters:
    ///   - target: The target's index.
    ///   - minimumSamples: Samples needed.
    /// - Returns: The p95, or `nil`.
    public func p95(of target: Int, minimumSamples: Int) -> Duration? {
        withRecord(target) { $0.recent.percentile(0.95, minimumSamples: minimumSamples) }
    }

    /// A target's health in a word, for `sira explain`: `healthy`, `cooling` (chapter 03), or with a
    /// breaker `ejected`, `half-open` (the next attempt probes), `probing` (a probe is under way) or
    /// `paused` (a 429's Retry-After).
    /// - Parameter target: The target's index.
    /// - Returns: The word.
    public func healthDescription(of target: Int) -> String {
        let now = clock.now
        let breaks = health.breaker != nil
        return withRecord(target) { record in
            guard breaks else { return record.health.isCooling(at: now) ? "cooling" : "healthy" }
            if record.breaker.isPaused(at: now) { return "paused" }
            switch record.breaker.position {
            case .closed: return "healthy"
            case .open(let until): return now < until ? "ejected" : "half-open"
            case .halfOpen(let probing): return probing ? "probing" : "half-open"
            }
        }
    }

    /// A target's circuit breaker (tests, `sira explain`).
    /// - Parameter target: The target's index.
    /// - Returns: The breaker as it is now.
    public func breaker(of target: Int) -> CircuitBreaker { withRecord(target) { $0.breaker } }

    /// An attempt started. After an ejection, the first attempt becomes the breaker's probe.
    /// - Parameter target: The target's index.
    /// - Returns: Whether the attempt is the probe (pass it to `ended`).
    @discardableResult
    public func started(_ target: Int) -> Bool {
        let now = clock.now
        let breaks = health.breaker != nil
        return withRecord(target) { record in
            record.inFlight += 1
            return breaks && record.breaker.admit(at: now)
        }
    }

    /// An attempt ended (its answer was read, or it failed). A probe that ended without a verdict
    /// (the client went away) lets the next request probe; another attempt ending leaves the probe be.
    /// - Parameters:
    ///   - target: The target's index.
    ///   - probe: Whether the attempt was the probe (`started` said so).
    public func ended(_ target: Int, probe: Bool = false) {
        withRecord(target) { record in
            record.inFlight -= 1
            if probe { record.breaker.release() }
        }
    }

    /// Tells the target's health what happened: the breaker when there is one, else the cool-down.
    private func record(_ event: CircuitBreaker.Event, in record: inout DeploymentStates.Record, at now: ClockInstant) {
        if let breaker = health.breaker {
            record.breaker.record(event, at: now, settings: breaker)
            return
        }
        switch event {
        case .succeeded: record.health.record(.succeeded, at: now, settings: health)
        case .streamCompleted: record.health.record(.streamCompleted, at: now, settings: health)
        case .failed, .rateLimited: record.health.record(.failed, at: now, settings: health)
        }
    }

    /// A target answered: its latency is recorded, its failure count reset and any cool-down lifted.
    /// - Parameters:
    ///   - target: The target's index.
    ///   - latency: The latency.
    public func succeeded(_ target: Int, latency: Duration) {
        let seconds = latency.seconds
        let now = clock.now
        withRecord(target) { record in
            record.latency.add(seconds)
            record.recent.add(latency)
            self.record(.succeeded, in: &record, at: now)
        }
    }

    /// A stream ended well (its time to first content was recorded by `answered`): the failure
    /// count restarts. A cool-down stays: one that is running began after this stream started,
    /// because other requests failed meanwhile, and a long stream's good end says nothing about them.
    /// - Parameter target: The target's index.
    public func completed(_ target: Int) {
        let now = clock.now
        withRecord(target) { self.record(.streamCompleted, in: &$0, at: now) }
    }

    /// A stream's first content arrived: its time to first token is recorded, and its health is
    /// left alone until the stream ends (`completed` or `failed`). A target whose streams always
    /// break halfway must still cool down, although each of them started well.
    /// - Parameters:
    ///   - target: The target's index.
    ///   - latency: The time to first content.
    public func answered(_ target: Int, latency: Duration) {
        let seconds = latency.seconds
        withRecord(target) { record in
            record.latency.add(seconds)
            record.recent.add(latency)
        }
    }

    /// A target failed in a way that counts against its health.
    /// - Parameters:
    ///   - target: The target's index.
    ///   - error: The failure: a breaker only pauses a target that said 429 (for its `Retry-After`).
    ///   - elapsed: How long the failed attempt took. It is added to the latency average (at least
    ///     one second), so that least-latency does not keep choosing a target that fails fast or
    ///     has never answered.
    public func failed(_ target: Int, error: (any Error)? = nil, after elapsed: Duration? = nil) {
        let now = clock.now
        let penalty = elapsed.map { max(1, $0.seconds) }
        let failure = (error as? ForwardedStreamFailure)?.error ?? (error as? GatewayError)
        let event: CircuitBreaker.Event =
            failure?.kind == .providerRateLimited ? .rateLimited(retryAfter: failure?.retryAfter) : .failed
        withRecord(target) { record in
            if let penalty { record.latency.add(penalty) }
            self.record(event, in: &record, at: now)
        }
    }

    /// The next pick of a smooth weighted round-robin node, as an order of its children.
    /// - Parameters:
    ///   - node: The node's identity (its path in the tree).
    ///   - weights: The children's weights.
    ///   - advance: Whether the pick counts (`false` for `sira explain`, which must not move the turn).
    /// - Returns: The children's indexes, the pick first.
    func roundRobinOrder(node: String, weights: [Double], advance: Bool = true) -> [Int] {
        roundRobin.withLock { counters in
            var current = counters[node] ?? Array(repeating: 0, count: weights.count)
            if current.count != weights.count { current = Array(repeating: 0, count: weights.count) }
            let pick = SmoothWeightedRoundRobin.next(current: &current, weights: weights)
            if advance { counters[node] = current }
            let rest = weights.indices.filter { $0 != pick }.sorted { current[$0] > current[$1] }
            return [pick] + rest
        }
    }
}

/// nginx's smooth weighted round-robin: each pick, every child's counter grows by its weight, the
/// largest counter wins and is lowered by the total. Weights 5, 1, 1 give a a b a c a a, not a a a a a b c.
/// A child whose weight is not positive (one that cannot serve this request) takes no turn and
/// keeps its counter, so it is not starved when requests of different kinds alternate.
public enum SmoothWeightedRoundRobin {
    /// The next pick.
    /// - Parameters:
    ///   - current: The counters, one per child (start at zero), updated in place.
    ///   - weights: The weights.
    /// - Returns: The index picked.
    public static func next(current: inout [Double], weights: [Double]) -> Int {
        // exercise 3.1 begin: add each positive weight to its counter; pick the largest counter among positive weights (the first on ties); subtract the total positive weight from the pick's counter; no positive weight → 0
        var best: Int?
        var total = 0.0
        for index in weights.indices where weights[index] > 0 {
            current[index] += weights[index]
            total += weights[index]
            if best.map({ current[index] > current[$0] }) ?? true { best = index }
        }
        guard let best else { return 0 }
        current[best] -= total
        return best
        // stub: return 0
        // exercise 3.1 end
    }
}
