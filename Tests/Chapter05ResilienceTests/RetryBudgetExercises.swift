// Exercise 5.2: a token bucket that bounds the extra attempts of the whole process.

import SiraCore
import SiraResilience
import SiraTesting
import Testing

@Suite("5.2 The retry budget: extra attempts bounded by a share of the traffic")
struct RetryBudgetExercises {
    @Test("5.2 a full budget spends whole tokens and then refuses")
    func spendsAndRefuses() {
        let budget = RetryBudget(ratio: 0.2, minimumPerSecond: 0, capacity: 3, clock: ManualClock())
        #expect((0..<5).map { _ in budget.allowExtraAttempt() } == [true, true, true, false, false])
    }

    @Test("5.2 with every attempt failing, 1,000 requests may add about 200 retries, not 2,000")
    func amplificationStaysInsideTheShare() {
        let budget = RetryBudget(ratio: 0.2, minimumPerSecond: 0, capacity: 10, clock: ManualClock())
        var retries = 0
        for _ in 0..<1000 {
            budget.recordRequest()
            for _ in 0..<2 where budget.allowExtraAttempt() { retries += 1 }  // each request wants two retries
        }
        #expect(retries <= 200 + 10, "the share plus the bucket's starting tokens")
        #expect(retries >= 190)
    }

    @Test("5.2 time adds a floor of tokens, up to the capacity, so a quiet gateway can still retry")
    func floor() {
        let clock = ManualClock()
        let budget = RetryBudget(ratio: 0, minimumPerSecond: 3, capacity: 10, clock: clock)
        while budget.allowExtraAttempt() {}
        #expect(!budget.allowExtraAttempt())
        clock.advance(by: .seconds(1))
        #expect((0..<4).map { _ in budget.allowExtraAttempt() } == [true, true, true, false])
        clock.advance(by: .seconds(3600))
        #expect(budget.tokens == 10, "a long quiet spell does not save up a storm")
    }
}
