import SiraCore
import SiraTesting
import Testing

@Suite("Clocks")
struct ClockTests {
    @Test("a manual clock wakes a sleeper only when time passes its deadline")
    func manualWakes() async throws {
        let clock = ManualClock()
        let woke = Recorder<ClockInstant>()
        let sleeper = Task {
            try await clock.sleep(for: .seconds(5))
            woke.record(clock.now)
        }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .seconds(4))
        #expect(woke.values.isEmpty)
        clock.advance(by: .seconds(1))
        try await sleeper.value
        #expect(woke.values == [ClockInstant(nanoseconds: 5_000_000_000)])
    }

    @Test("sleeping until a past instant returns at once")
    func pastDeadline() async throws {
        let clock = ManualClock(start: ClockInstant(nanoseconds: 100))
        try await clock.sleep(until: ClockInstant(nanoseconds: 50))
        #expect(clock.sleeperCount == 0)
    }

    @Test("cancelling a sleeper throws CancellationError and removes it")
    func cancellation() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        sleeper.cancel()
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
    }

    @Test("instants add durations and subtract to durations")
    func arithmetic() {
        let start = ClockInstant(nanoseconds: 1_000)
        let later = start + .milliseconds(2)
        #expect(later.nanoseconds == 2_001_000)
        #expect(later - start == .milliseconds(2))
        #expect(start < later)
        #expect(Duration.milliseconds(1500).seconds == 1.5)
    }

    @Test("the system clock is monotonic and really sleeps")
    func systemClock() async throws {
        let clock = SystemClock()
        let before = clock.now
        try await clock.sleep(for: .milliseconds(5))
        #expect(clock.now - before >= .milliseconds(5))
    }
}
