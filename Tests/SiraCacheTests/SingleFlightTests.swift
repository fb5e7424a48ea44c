import Logging
import SiraCache
import SiraCore
import SiraTesting
import Testing

@Suite("Single flight: one leader per key, the others wait with their own limits")
struct SingleFlightTests {
    /// Waits (bounded) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(2)) }
        #expect(condition())
    }

    @Test("the first caller leads; others wait until it lands; after landing the next caller leads again")
    func leadWaitLand() async throws {
        let flights = SingleFlight<String>(clock: ManualClock())
        let ticket = try #require(flights.lead("k"))
        #expect(flights.lead("k") == nil, "one leader per key")
        #expect(flights.lead("other") != nil, "keys are independent")
        let waiters = Task {
            await withTaskGroup(of: SingleFlight<String>.WaitResult.self) { group in
                for _ in 0..<5 { group.addTask { await flights.wait(for: "k", timeout: .seconds(60)) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        try await Self.eventually { flights.waiterCount(for: "k") == 5 }
        ticket.land()
        #expect(await waiters.value == Array(repeating: .landed, count: 5))
        ticket.land()  // landing twice is nothing
        #expect(flights.lead("k") != nil)
    }

    @Test("a wait gives up when its time runs out, and the flight goes on for the others")
    func timeout() async throws {
        let clock = ManualClock()
        let flights = SingleFlight<String>(clock: clock)
        let ticket = try #require(flights.lead("k"))
        let patient = Task { await flights.wait(for: "k", timeout: .seconds(60)) }
        let hasty = Task { await flights.wait(for: "k", timeout: .seconds(1)) }
        try await Self.eventually { flights.waiterCount(for: "k") == 2 && clock.sleeperCount == 2 }
        clock.advance(by: .seconds(2))
        #expect(await hasty.value == .gaveUp)
        #expect(flights.waiterCount(for: "k") == 1)
        ticket.land()
        #expect(await patient.value == .landed)
    }

    @Test("a cancelled waiter stops waiting at once, whether it was cancelled before or during the wait")
    func cancellation() async throws {
        let flights = SingleFlight<String>(clock: ManualClock())
        let ticket = try #require(flights.lead("k"))
        let waiting = Task { await flights.wait(for: "k", timeout: .seconds(60)) }
        try await Self.eventually { flights.waiterCount(for: "k") == 1 }
        waiting.cancel()
        #expect(await waiting.value == .cancelled)
        #expect(flights.waiterCount(for: "k") == 0)

        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await flights.wait(for: "k", timeout: .seconds(60))
        }
        #expect(await early.value == .cancelled)
        withExtendedLifetime(ticket) {}
    }

    @Test("a leader that goes away without landing (its client left) still wakes the waiters")
    func abandonedLeader() async throws {
        let flights = SingleFlight<String>(clock: ManualClock())
        var ticket = flights.lead("k")
        #expect(ticket != nil)
        let waiting = Task { await flights.wait(for: "k", timeout: .seconds(60)) }
        try await Self.eventually { flights.waiterCount(for: "k") == 1 }
        ticket = nil
        #expect(await waiting.value == .landed)
        #expect(flights.lead("k") != nil)
    }

    @Test("waiting for a key nobody leads (its flight landed before the wait began) returns landed at once")
    func nothingToWaitFor() async {
        let flights = SingleFlight<String>(clock: ManualClock())
        #expect(await flights.wait(for: "k", timeout: .seconds(60)) == .landed)
    }

    @Test("a wait with no time left gives up at once, even when the timer fired before it registered")
    func noTimeLeft() async throws {
        let flights = SingleFlight<String>(clock: ManualClock())
        let ticket = try #require(flights.lead("k"))
        #expect(await flights.wait(for: "k", timeout: .zero) == .gaveUp)
        #expect(await flights.wait(for: "k", timeout: .seconds(-1)) == .gaveUp)
        #expect(flights.waiterCount(for: "k") == 0)
        ticket.land()
    }
}

@Suite("The cache policy's waits and the request's deadline")
struct CachePolicyDeadlineTests {
    @Test("a waiter stops waiting at its request's deadline, sooner than flightWait, and asks the upstream itself")
    func requestDeadline() async throws {
        let cache = CachePolicy(
            settings: .init(limits: .init(maximumBytes: 1 << 20, timeToLive: .seconds(60)), flightWait: .seconds(30)))
        let call = ChatCall(
            request: ChatRequest(model: "m", messages: []), upstreamModel: "m",
            originalBody: Array(#"{"model":"m","messages":[]}"#.utf8))
        let calls = Recorder<Int>()
        let upstream: Next<ChatCall, ProviderReply> = { _, _ in
            calls.record(1)
            if calls.values.count == 1 { try await Task.sleep(for: .seconds(10)) }  // the leader is slow
            return .whole(
                ChatResponse(
                    id: "c", created: 1, model: "m",
                    choices: [ChatChoice(index: 0, message: .text(.assistant, "x"), finishReason: .stop)]))
        }
        let clock = SystemClock()
        let leader = Task {
            try await cache.handle(
                call, context: RequestContext(requestID: "a", clock: clock, logger: Logger(label: "t")), next: upstream)
        }
        for _ in 0..<200 where calls.values.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        let hurried = RequestContext(
            requestID: "b", clock: clock, logger: Logger(label: "t"), deadline: clock.now + .milliseconds(200))
        let start = ContinuousClock.now
        _ = try await cache.handle(call, context: hurried, next: upstream)
        // Far below the leader's 10 s, so a loaded machine's stalls cannot blur the difference.
        #expect(ContinuousClock.now - start < .seconds(5), "it did not wait for the slow leader")
        #expect(calls.values.count == 2)
        #expect(hurried.report.responseHeaders["x-sira-cache"] == "miss")
        leader.cancel()
        _ = try? await leader.value
    }
}
