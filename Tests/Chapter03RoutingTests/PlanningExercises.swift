// Exercises 3.3 and 3.4: which targets a plan may use (capabilities and cool-downs), and how a
// deployment's failures start and end a cool-down.

import SiraCore
import SiraRouting
import SiraTesting
import Testing

/// A target on a scripted provider with the given capabilities.
func target(_ name: String, tools: Bool = true, vision: Bool = true, window: Int? = nil) -> RouteTarget {
    RouteTarget(
        name: name, provider: ScriptedProvider(name, [.answer(name)]), upstreamModel: "\(name)-model",
        facts: ModelFacts(contextWindow: window, tools: tools, vision: vision))
}

@Suite("3.3 Capability filtering and cool-downs in the plan")
struct ScreeningExercises {
    @Test("3.3 a target that cannot serve the request is excluded with its reason, never eligible")
    func unsuitable() {
        let targets = [target("plain", tools: false), target("capable")]
        let screening = Screening.screen(targets, facts: RequestFacts(needsTools: true), cooling: [false, false])
        #expect(screening.eligible == [false, true])
        #expect(screening.excluded == [Plan.Exclusion(target: "plain", reason: "does not support tools")])
        #expect(!screening.triesCoolingTargets)

        let images = Screening.screen(
            [target("blind", vision: false), target("sighted")], facts: RequestFacts(needsVision: true),
            cooling: [false, false])
        #expect(images.eligible == [false, true])
        #expect(images.excluded.map(\.reason) == ["does not accept images"])
    }

    @Test("3.3 the context window must hold the prompt plus the output the request allows")
    func window() {
        let facts = RequestFacts(estimatedPromptTokens: 1000, declaredOutputTokens: 8000)
        let screening = Screening.screen(
            [target("small", window: 8192), target("large", window: 16000), target("unknown")], facts: facts,
            cooling: [false, false, false])
        #expect(screening.eligible == [false, true, true], "an unknown window is no reason to exclude")
        #expect(screening.excluded.map(\.target) == ["small"])
        #expect(screening.excluded.first?.reason.contains("8192") == true)
    }

    @Test("3.3 a cooling target is skipped, with the reason, while another can serve")
    func coolingSkipped() {
        let screening = Screening.screen([target("a"), target("b")], facts: RequestFacts(), cooling: [true, false])
        #expect(screening.eligible == [false, true])
        #expect(screening.excluded == [Plan.Exclusion(target: "a", reason: Screening.coolingReason)])
        #expect(!screening.triesCoolingTargets)
    }

    @Test("3.3 when every suitable target is cooling they are tried anyway; unsuitable ones stay out")
    func allCooling() {
        let targets = [target("no-tools", tools: false), target("a"), target("b")]
        let screening = Screening.screen(targets, facts: RequestFacts(needsTools: true), cooling: [false, true, true])
        #expect(screening.eligible == [false, true, true])
        #expect(screening.triesCoolingTargets)
        #expect(screening.excluded.map(\.target) == ["no-tools"], "the cooling ones are not excluded")
    }

    @Test("3.3 exclusions list the unsuitable targets in order, then the cooling ones")
    func order() {
        let targets = [target("a"), target("b", tools: false), target("c"), target("d", tools: false)]
        let screening = Screening.screen(
            targets, facts: RequestFacts(needsTools: true), cooling: [true, false, false, true])
        #expect(screening.eligible == [false, false, true, false])
        #expect(screening.excluded.map(\.target) == ["b", "d", "a"])
        #expect(screening.excluded.last?.reason == Screening.coolingReason)
    }

    @Test("3.3 nothing suitable: no target is eligible, and cooling does not bring an unsuitable one back")
    func nothingSuitable() {
        let targets = [target("a", tools: false), target("b", tools: false)]
        let screening = Screening.screen(targets, facts: RequestFacts(needsTools: true), cooling: [true, false])
        #expect(screening.eligible == [false, false])
        #expect(!screening.triesCoolingTargets)
        #expect(screening.excluded.map(\.reason) == ["does not support tools", "does not support tools"])
    }

    @Test("3.3 through the planner: the plan never names an excluded target")
    func planner() {
        let group = ModelGroup(name: "g", targets: [target("plain", tools: false), target("capable")])
        let plan = Planner(group: group, random: RandomSource(seed: 7)).plan(RequestFacts(needsTools: true))
        #expect(plan.attempts == [1])
        #expect(plan.excluded.map(\.target) == ["plain"])
    }
}

@Suite("3.4 Passive health: failures, cool-downs and recovery")
struct PassiveHealthExercises {
    let settings = HealthSettings(failuresToCoolDown: 3, coolDown: .seconds(30))
    let start = ClockInstant(nanoseconds: 0)

    func at(_ seconds: Double) -> ClockInstant { start + .milliseconds(Int64(seconds * 1000)) }

    @Test("3.4 the third failure in a row starts a cool-down that ends exactly coolDown later")
    func coolsDown() {
        var health = PassiveHealth()
        health.record(.failed, at: at(0), settings: settings)
        health.record(.failed, at: at(1), settings: settings)
        #expect(!health.isCooling(at: at(1)))
        #expect(health.consecutiveFailures == 2)
        health.record(.failed, at: at(2), settings: settings)
        #expect(health.isCooling(at: at(2)))
        #expect(health.isCooling(at: at(31.999)))
        #expect(!health.isCooling(at: at(32)), "30 s from the third failure, not from the first")
        #expect(health.consecutiveFailures == 0, "a cool-down restarts the count")
    }

    @Test("3.4 a success between failures restarts the count")
    func successResets() {
        var health = PassiveHealth()
        for event: PassiveHealth.Event in [.failed, .failed, .succeeded, .failed, .failed] {
            health.record(event, at: at(0), settings: settings)
        }
        #expect(health.consecutiveFailures == 2)
        #expect(!health.isCooling(at: at(0)))
        health.record(.failed, at: at(5), settings: settings)
        #expect(health.isCooling(at: at(5)))
    }

    @Test("3.4 a whole answer ends a running cool-down at once")
    func successLifts() {
        var health = PassiveHealth()
        for _ in 0..<3 { health.record(.failed, at: at(0), settings: settings) }
        #expect(health.isCooling(at: at(1)))
        health.record(.succeeded, at: at(1), settings: settings)
        #expect(!health.isCooling(at: at(1)))
        #expect(health.coolingUntil == nil)
    }

    @Test("3.4 a completed stream restarts the count but leaves a running cool-down alone")
    func streamCompleted() {
        var health = PassiveHealth()
        health.record(.failed, at: at(0), settings: settings)
        health.record(.failed, at: at(0), settings: settings)
        health.record(.streamCompleted, at: at(0), settings: settings)
        health.record(.failed, at: at(0), settings: settings)
        #expect(health.consecutiveFailures == 1)
        health.record(.failed, at: at(1), settings: settings)
        health.record(.failed, at: at(2), settings: settings)
        #expect(health.isCooling(at: at(3)))
        health.record(.streamCompleted, at: at(3), settings: settings)
        #expect(health.isCooling(at: at(3)), "it began after the stream started: other requests failed meanwhile")
    }

    @Test("3.4 after a cool-down a deployment gets its full number of chances again")
    func fullChances() {
        var health = PassiveHealth()
        for _ in 0..<3 { health.record(.failed, at: at(0), settings: settings) }
        #expect(health.isCooling(at: at(0)))
        health.record(.failed, at: at(31), settings: settings)
        health.record(.failed, at: at(32), settings: settings)
        #expect(!health.isCooling(at: at(32)))
        health.record(.failed, at: at(33), settings: settings)
        #expect(health.isCooling(at: at(33)))
        #expect(health.coolingUntil == at(63))
    }

    @Test("3.4 the settings decide: one failure can be enough, for as long as configured")
    func settingsDecide() {
        var health = PassiveHealth()
        health.record(.failed, at: at(0), settings: HealthSettings(failuresToCoolDown: 1, coolDown: .seconds(5)))
        #expect(health.isCooling(at: at(4.9)))
        #expect(!health.isCooling(at: at(5)))
    }

    @Test("3.4 through RoutingState: a deployment two groups share cools down for both")
    func shared() {
        let clock = ManualClock()
        let store = DeploymentStates(clock: clock)
        let deployment = Deployment(provider: "openai", model: "gpt-4o")
        let smart = RoutingState(deployments: [deployment], health: settings, store: store)
        let steady = RoutingState(
            deployments: [Deployment(provider: "claude", model: "sonnet"), deployment], health: settings, store: store)
        for _ in 0..<3 { smart.failed(0) }
        #expect(steady.isCooling(1))
        #expect(!steady.isCooling(0))
        clock.advance(by: .seconds(30))
        #expect(!steady.isCooling(1))
    }
}
