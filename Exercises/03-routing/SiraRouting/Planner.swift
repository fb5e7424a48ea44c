// Starter for chapter 03, generated from Sources/SiraRouting/Planner.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 03` runs their tests.
import SiraCore
import SiraResilience

/// A public model name backed by several targets.
public struct ModelGroup: Sendable {
    /// The public name.
    public var name: String
    /// The targets; strategies refer to them by index.
    public var targets: [RouteTarget]
    /// How they are ordered.
    public var strategy: Strategy
    /// Which failures move on to the next attempt.
    public var fallback: FallbackSettings
    /// Targets to try, in order, when a target's content filter refuses the prompt (`nil`: none,
    /// the refusal is the answer).
    public var contentFilterChain: [Int]?
    /// When a slow first attempt is hedged on the next target (chapter 05); `nil`: never.
    public var hedge: HedgeSettings?
    /// Latency, load and health of the targets (shared with other groups by deployment), and the
    /// group's round-robin turns.
    public let state: RoutingState

    /// Creates a group.
    /// - Parameters:
    ///   - name: The public name.
    ///   - targets: The targets.
    ///   - strategy: The strategy; a fallback over the targets in order by default.
    ///   - fallback: Which failures fall back.
    ///   - contentFilterChain: Targets for prompts a content filter refused.
    ///   - health: When a failing target is skipped, and for how long.
    ///   - hedge: When a slow first attempt is hedged; never by default.
    ///   - deployments: What is known about deployments, shared with the gateway's other groups; a
    ///     store of the group's own on the system clock by default.
    public init(
        name: String, targets: [RouteTarget], strategy: Strategy? = nil,
        fallback: FallbackSettings = FallbackSettings(),
        contentFilterChain: [Int]? = nil, health: HealthSettings = HealthSettings(), hedge: HedgeSettings? = nil,
        deployments: DeploymentStates = DeploymentStates()
    ) {
        self.hedge = hedge
        self.name = name
        self.targets = targets
        self.strategy = strategy ?? .fallback(targets.indices.map(Strategy.target))
        self.fallback = fallback
        self.contentFilterChain = contentFilterChain
        self.state = RoutingState(deployments: targets.map(\.deployment), health: health, store: deployments)
    }
}

/// Which failed attempts are followed by the next one.
public struct FallbackSettings: Sendable, Hashable {
    /// The error kinds that fall back. By default the provider's faults: overloaded, rate limited,
    /// timed out, unreachable, failed, and a refused gateway key (another deployment may have a
    /// good one). Not the caller's faults: the same request would fail everywhere.
    public var kinds: Set<String>
    /// Whether an upstream's "the prompt is too long for the context" falls back (to a target with
    /// a larger window).
    public var onContextOverflow: Bool
    /// How long after the request arrived a new attempt may still start (`nil`: no limit but the
    /// request's own deadline). Five fallbacks that each wait out a 30 s timeout keep a client
    /// waiting two and a half minutes; a deadline says when trying again no longer helps.
    public var deadline: Duration?

    /// The error codes that can fall back: the provider's faults.
    public static let fallibleKinds: [GatewayError.Kind] = [
        .providerOverloaded, .providerRateLimited, .providerTimeout, .providerUnreachable, .providerError,
        .providerAuthenticationFailed,
    ]

    /// Creates the settings.
    /// - Parameters:
    ///   - kinds: Error codes that fall back; every provider fault by default.
    ///   - onContextOverflow: Whether context overflows fall back.
    ///   - deadline: How long after the request arrived a new attempt may start.
    public init(
        kinds: Set<String> = Set(Self.fallibleKinds.map(\.code)),
        onContextOverflow: Bool = true,
        deadline: Duration? = nil
    ) {
        self.kinds = kinds
        self.onContextOverflow = onContextOverflow
        self.deadline = deadline
    }

    /// Whether an error moves on to the next attempt.
    /// - Parameter error: The attempt's error.
    /// - Returns: `true` to fall back.
    public func fallsBack(_ error: GatewayError) -> Bool {
        if kinds.contains(error.kind.code) { return true }
        return onContextOverflow && error.kind == .upstreamRejectedRequest && Self.isContextOverflow(error.message)
    }

    /// Whether an upstream's message says the prompt does not fit the context window (OpenAI:
    /// "maximum context length", Anthropic: "prompt is too long", Gemini: "exceeds the maximum number of tokens").
    static func isContextOverflow(_ message: String) -> Bool {
        let text = message.lowercased()
        return text.contains("context length") || text.contains("context window") || text.contains("prompt is too long")
            || text.contains("maximum number of tokens") || text.contains("too many tokens")
    }
}

/// The attempts for one request, and why.
public struct Plan: Sendable, Hashable {
    /// A target left out, and why.
    public struct Exclusion: Sendable, Hashable {
        /// The target's name.
        public var target: String
        /// Why.
        public var reason: String

        /// Creates an exclusion.
        /// - Parameters:
        ///   - target: The target's name.
        ///   - reason: Why.
        public init(target: String, reason: String) {
            self.target = target
            self.reason = reason
        }
    }

    /// Target indexes, in the order they will be tried.
    public var attempts: [Int] = []
    /// Targets that cannot serve this request, or are cooling down.
    public var excluded: [Exclusion] = []
    /// What each strategy node decided, in words.
    public var decisions: [String] = []
}

/// The planner's first two steps: which targets may be tried for a request at all (exercise 3.3).
///
/// 1. **Capability filtering.** A target that cannot serve the request (no tools for a request with
///    tools, no images, no JSON schema, a context window smaller than the estimate) is excluded with
///    its reason (`RouteTarget.unsuitability(for:)`), never tried: trying it would cost a round trip
///    and count a failure against a healthy deployment.
/// 2. **Cooling.** A suitable target that is cooling down is skipped, with the reason
///    `coolingReason`, unless every suitable target is cooling: then they are all tried anyway,
///    since a possible answer beats a certain error.
public struct Screening: Sendable, Hashable {
    /// Whether each target may be planned, by index.
    public var eligible: [Bool]
    /// The targets left out and why: the unsuitable ones in target order, then the cooling ones.
    public var excluded: [Plan.Exclusion]
    /// Whether every suitable target was cooling, so they are eligible anyway.
    public var triesCoolingTargets: Bool

    /// The reason given for a cooling target.
    public static let coolingReason = "cooling down after failures"

    /// Creates a screening.
    /// - Parameters:
    ///   - eligible: Whether each target may be planned.
    ///   - excluded: The targets left out.
    ///   - triesCoolingTargets: Whether cooling targets are tried anyway.
    public init(eligible: [Bool], excluded: [Plan.Exclusion] = [], triesCoolingTargets: Bool = false) {
        self.eligible = eligible
        self.excluded = excluded
        self.triesCoolingTargets = triesCoolingTargets
    }

    /// Screens a group's targets for a request.
    /// - Parameters:
    ///   - targets: The targets, in the group's order.
    ///   - facts: The request's facts.
    ///   - cooling: Whether each target is cooling down now, by index.
    /// - Returns: Which targets may be planned, and why the others may not.
    public static func screen(_ targets: [RouteTarget], facts: RequestFacts, cooling: [Bool]) -> Screening {
        // exercise 3.3 begin: exclude unsuitable targets with their reason; skip cooling ones with coolingReason, unless every suitable target is cooling: then they are all eligible and triesCoolingTargets is true
        return Screening(eligible: Array(repeating: true, count: targets.count))
        // exercise 3.3 end
    }
}

/// Turns a group, a request and the group's state into a plan. Pure apart from the injected
/// randomness and the state it reads.
public struct Planner: Sendable {
    /// The group.
    public let group: ModelGroup
    /// The randomness.
    public let random: RandomSource

    /// Creates a planner.
    /// - Parameters:
    ///   - group: The group.
    ///   - random: The randomness.
    public init(group: ModelGroup, random: RandomSource) {
        self.group = group
        self.random = random
    }

    /// Plans a request.
    ///
    /// Targets that cannot serve it (tools, images, JSON schema, context window) are removed up front
    /// with the reason, never tried and failed. Cooling targets are skipped too, unless every
    /// suitable target is cooling: then they are tried anyway, since failing for certain is worse.
    /// - Parameters:
    ///   - facts: The request's facts.
    ///   - explaining: Whether to record each strategy's decision in words (for `sira explain`;
    ///     the request path skips the formatting).
    /// - Returns: The plan.
    public func plan(_ facts: RequestFacts, explaining: Bool = false) -> Plan {
        var plan = Plan()
        let snapshot = group.state.snapshot()
        let screening = Screening.screen(group.targets, facts: facts, cooling: snapshot.map(\.cooling))
        plan.excluded = screening.excluded
        if explaining && screening.triesCoolingTargets {
            plan.decisions.append("every suitable target is cooling down: trying them anyway")
        }
        var context = Context(eligible: screening.eligible, facts: facts, snapshot: snapshot, explaining: explaining)
        let order = self.order(group.strategy, path: "root", context: &context)
        var seen = Array(repeating: false, count: group.targets.count)
        plan.attempts.reserveCapacity(order.count)
        for index in order where !seen[index] {
            seen[index] = true
            plan.attempts.append(index)
        }
        plan.decisions += context.decisions
        return plan
    }

    /// Whether a request is hedged, and how: the group hedges, a second target is planned, the
    /// request has no tools (unless the group hedges those too), and the delay is known (a fixed one,
    /// or the first target's p95 once it has enough samples).
    /// - Parameters:
    ///   - attempts: The plan's attempts.
    ///   - facts: The request's facts.
    /// - Returns: How many attempts may race, and the delay before each hedge; `nil` not to hedge.
    public func hedging(_ attempts: [Int], facts: RequestFacts) -> (count: Int, delay: Duration)? {
        guard let settings = group.hedge, attempts.count > 1, !facts.needsTools || settings.withTools else {
            return nil
        }
        let delay: Duration
        switch settings.delay {
        case .fixed(let fixed): delay = fixed
        case .p95:
            guard let p95 = group.state.p95(of: attempts[0], minimumSamples: HedgeSettings.minimumSamples) else {
                return nil
            }
            delay = p95
        }
        return (min(attempts.count, 1 + settings.maximum), delay)
    }

    struct Context {
        let eligible: [Bool]
        let facts: RequestFacts
        let snapshot: [RoutingState.Snapshot]
        let explaining: Bool
        var decisions: [String] = []

        /// Records a decision, building its text only when explaining.
        mutating func decide(_ text: @autoclosure () -> String) {
            if explaining { decisions.append(text()) }
        }
    }

    func name(_ index: Int) -> String { group.targets[index].name }

    /// The order a node gives. `path` names the node for round-robin state (`root.0.2`); it is
    /// built only for nodes with children, so a leaf costs no string.
    func order(_ strategy: Strategy, path: String, context: inout Context) -> [Int] {
        func children(_ nodes: [Strategy]) -> [[Int]] {
            nodes.enumerated().map { index, node in
                if case .target(let target) = node { return context.eligible[target] ? [target] : [] }
                return order(node, path: "\(path).\(index)", context: &context)
            }
        }
        switch strategy {
        case .target(let index):
            return context.eligible[index] ? [index] : []
        case .fallback(let nodes):
            return children(nodes).flatMap { $0 }
        case .weighted(let nodes):
            let orders = children(nodes).filter { !$0.isEmpty }
            var remaining = orders
            var result: [Int] = []
            while !remaining.isEmpty {
                let pick = WeightedPick.index(weights: remaining.map(weight), unit: random.unit())
                if result.isEmpty, orders.count > 1 {
                    context.decide("weighted: picked \(name(remaining[pick][0])) of \(orders.count)")
                }
                result += remaining.remove(at: pick)
            }
            return result
        case .roundRobin(let nodes):
            let orders = children(nodes)
            let sequence = group.state.roundRobinOrder(
                node: path, weights: orders.map(weight), advance: !context.explaining)
            let result = sequence.map { orders[$0] }.filter { !$0.isEmpty }
            if let first = result.first?.first { context.decide("round-robin: \(name(first))'s turn") }
            return result.flatMap { $0 }
        case .leastLatency(let nodes):
            var orders = children(nodes).filter { !$0.isEmpty }
            guard orders.count > 1 else { return orders.flatMap { $0 } }
            let snapshot = context.snapshot
            func latency(_ order: [Int]) -> Double { snapshot[order[0]].latency ?? 0 }
            let first = random.index(below: orders.count)
            var second = random.index(below: orders.count - 1)
            if second >= first { second += 1 }
            let winner = latency(orders[second]) < latency(orders[first]) ? second : first
            context.decide(
                "least-latency: \(name(orders[first][0])) (\(milliseconds(orders[first], snapshot))) vs "
                    + "\(name(orders[second][0])) (\(milliseconds(orders[second], snapshot))), chose \(name(orders[winner][0]))"
            )
            let chosen = orders.remove(at: winner)
            return chosen + orders.sorted { latency($0) < latency($1) }.flatMap { $0 }
        case .leastBusy(let nodes):
            let orders = children(nodes).filter { !$0.isEmpty }
            let snapshot = context.snapshot
            let keyed = orders.map { (order: $0, busy: snapshot[$0[0]].inFlight, tie: random.next()) }
            let sorted = keyed.sorted { ($0.busy, $0.tie) < ($1.busy, $1.tie) }
            if let first = sorted.first, orders.count > 1 {
                context.decide("least-busy: \(name(first.order[0])) has \(first.busy) in flight")
            }
            return sorted.flatMap(\.order)
        case .cost(let nodes):
            let orders = children(nodes).filter { !$0.isEmpty }
            let costs = orders.map { group.targets[$0[0]].estimatedCost(of: context.facts) }
            let sorted = zip(orders, costs).enumerated().sorted { left, right in
                switch (left.element.1, right.element.1) {
                case (let a?, let b?): return a == b ? left.offset < right.offset : a < b
                case (.some, .none): return true
                case (.none, .some): return false
                case (.none, .none): return left.offset < right.offset
                }
            }
            if let first = sorted.first, orders.count > 1 {
                context.decide(
                    "cost: \(name(first.element.0[0])) is cheapest "
                        + "(\(first.element.1.map(group.targets[first.element.0[0]].facts.currency.format) ?? "unpriced"))"
                )
            }
            return sorted.flatMap(\.element.0)
        case .conditional(let rules, let otherwise):
            for (number, rule) in rules.enumerated() where rule.condition.holds(for: context.facts) {
                context.decide("conditional: rule \(number + 1) matched")
                return order(rule.strategy, path: "\(path).\(number)", context: &context)
            }
            context.decide("conditional: no rule matched, otherwise")
            return order(otherwise, path: "\(path).otherwise", context: &context)
        }
    }

    /// A child's weight: the sum of its targets' weights.
    func weight(_ order: [Int]) -> Double { order.reduce(0) { $0 + group.targets[$1].weight } }

    func milliseconds(_ order: [Int], _ snapshot: [RoutingState.Snapshot]) -> String {
        snapshot[order[0]].latency.map { String(format: "%.0f ms", $0 * 1000) } ?? "no data"
    }
}

/// Picking an index at random in proportion to weights.
public enum WeightedPick {
    /// The index whose share of the total weight contains `unit`.
    ///
    /// With weights 3 and 1, units in `0 ..< 0.75` pick 0 and units in `0.75 ..< 1` pick 1. Weights
    /// that are not positive never win unless every weight is zero, when the first does.
    /// - Parameters:
    ///   - weights: The weights.
    ///   - unit: A uniform random number in `0 ..< 1`.
    /// - Returns: The index.
    public static func index(weights: [Double], unit: Double) -> Int {
        // exercise 3.2 begin: walk the weights, accumulating; return the first index whose running total exceeds unit × total; skip non-positive weights; all zero → 0
        return 0
        // exercise 3.2 end
    }
}
