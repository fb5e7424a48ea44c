// Exercise 5.4: the hedge race. Attempts here sleep on a manual clock, so the test decides when each
// one answers, and when the hedge's delay is over.

import SiraCore
import SiraResilience
import SiraTesting
import Synchronization
import Testing

@Suite("5.4 The hedge race: the first to commit wins, the loser is cancelled", .serialized)
struct HedgeRaceExercises {
    /// What an attempt does: answer or fail after a time on the clock.
    enum Script: Sendable {
        case answer(String, after: Duration)
        case fail(after: Duration)
    }

    /// Runs a race of `scripts` with a hedge delay of 2 s on `clock`; records which attempts started
    /// and which were cancelled.
    final class Race: Sendable {
        let clock = ManualClock()
        let started = Mutex<[Int]>([])
        let cancelled = Mutex<[Int]>([])
        let failed = Mutex<[Int]>([])
        let finished = Atomic(false)
        let scripts: [Script]

        init(_ scripts: [Script]) { self.scripts = scripts }

        func run(mayStart: @escaping @Sendable () -> Bool = { true }) -> Task<HedgeRace.Outcome<String>, any Error> {
            Task {
                defer { finished.store(true, ordering: .releasing) }
                return try await HedgeRace.race(
                    count: scripts.count, after: .seconds(2), clock: clock, mayStart: mayStart
                ) {
                    number in
                    self.started.withLock { $0.append(number) }
                    do {
                        switch self.scripts[number] {
                        case .answer(let text, let after):
                            try await self.clock.sleep(for: after)
                            return text
                        case .fail(let after):
                            try await self.clock.sleep(for: after)
                            self.failed.withLock { $0.append(number) }
                            throw GatewayError(.providerOverloaded, "attempt \(number) failed")
                        }
                    } catch is CancellationError {
                        self.cancelled.withLock { $0.append(number) }
                        throw CancellationError()
                    }
                }
            }
        }

        /// Moves the clock once `count` tasks sleep on it.
        func advance(by duration: Duration, whenSleeping count: Int) async {
            await clock.advance(by: duration, whenSleeping: count) { finished.load(ordering: .acquiring) }
        }
    }

    @Test("5.4 a slow first attempt is hedged after the delay; the hedge answers first and the first is cancelled")
    func hedgeWins() async throws {
        let race = Race([.answer("slow", after: .seconds(10)), .answer("fast", after: .seconds(1))])
        let task = race.run()
        await race.advance(by: .seconds(2), whenSleeping: 2)  // the first attempt and the hedge's timer
        await race.advance(by: .seconds(1), whenSleeping: 2)  // the first attempt and the hedge
        let outcome = try await task.value
        #expect(outcome.winner == 1 && outcome.reply == "fast")
        #expect(outcome.cancelled == [0])
        #expect(race.cancelled.withLock { $0 } == [0], "the loser's task was cancelled")
    }

    @Test("5.4 an attempt that commits before the delay wins alone: no hedge starts")
    func noHedgeWhenFast() async throws {
        let race = Race([.answer("quick", after: .seconds(1)), .answer("never", after: .seconds(1))])
        let task = race.run()
        await race.advance(by: .seconds(1), whenSleeping: 2)
        let outcome = try await task.value
        #expect(outcome.winner == 0 && outcome.cancelled.isEmpty)
        #expect(race.started.withLock { $0 } == [0])
    }

    @Test("5.4 with the budget spent, the delay passes and no hedge starts")
    func budgetRefuses() async throws {
        let race = Race([.answer("slow", after: .seconds(5)), .answer("never", after: .seconds(1))])
        let task = race.run(mayStart: { false })
        await race.advance(by: .seconds(2), whenSleeping: 2)
        await race.advance(by: .seconds(3), whenSleeping: 1)
        let outcome = try await task.value
        #expect(outcome.winner == 0 && outcome.reply == "slow")
        #expect(race.started.withLock { $0 } == [0])
    }

    @Test("5.4 a first attempt that fails while the hedge runs leaves the answer to the hedge")
    func failureWaitsForTheHedge() async throws {
        let race = Race([.fail(after: .seconds(3)), .answer("hedge", after: .seconds(2))])
        let task = race.run()
        await race.advance(by: .seconds(2), whenSleeping: 2)
        await race.advance(by: .seconds(1), whenSleeping: 2)  // the first fails at 3 s
        await race.advance(by: .seconds(1), whenSleeping: 1)  // the hedge answers at 4 s
        let outcome = try await task.value
        #expect(outcome.winner == 1 && outcome.reply == "hedge")
        #expect(race.failed.withLock { $0 } == [0])
    }

    @Test("5.4 when every started attempt fails, the race fails with their errors in start order")
    func everyAttemptFails() async throws {
        let race = Race([.fail(after: .seconds(3)), .fail(after: .seconds(1)), .answer("unstarted", after: .zero)])
        let task = race.run()
        await race.advance(by: .seconds(2), whenSleeping: 2)  // the hedge starts, with a second timer
        await race.advance(by: .seconds(1), whenSleeping: 3)  // both fail at 3 s, before the second timer
        do {
            _ = try await task.value
            Issue.record("the race should have failed")
        } catch let failure as HedgeRace.Failure {
            #expect(failure.errors.map(\.attempt) == [0, 1])
        }
        #expect(race.started.withLock { $0 } == [0, 1], "the third attempt is left to the fallback loop")
    }

    @Test("5.4 a first attempt that fails before the delay ends the race without a hedge")
    func earlyFailure() async throws {
        let race = Race([.fail(after: .seconds(1)), .answer("never", after: .seconds(1))])
        let task = race.run()
        await race.advance(by: .seconds(1), whenSleeping: 2)
        await #expect(throws: HedgeRace.Failure.self) { _ = try await task.value }
        #expect(race.started.withLock { $0 } == [0])
    }

    @Test("5.4 a race that is cancelled (the client left) starts no hedge when its timer wakes")
    func cancelledRaceStartsNoHedge() async throws {
        let race = Race([.answer("slow", after: .seconds(10)), .answer("never", after: .seconds(1))])
        let asked = Mutex(0)
        let task = race.run(mayStart: {
            asked.withLock { $0 += 1 }
            return true
        })
        await race.advance(by: .zero, whenSleeping: 2)  // the first attempt and the timer are asleep
        task.cancel()
        _ = try? await task.value
        #expect(race.started.withLock { $0 } == [0])
        #expect(asked.withLock { $0 } == 0, "the budget was not asked: no token spent on a cancelled request")
    }
}
