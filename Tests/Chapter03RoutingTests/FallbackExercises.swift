// Exercises 3.5 and 3.6: the fallback loop, and the commit point that decides how long it may run.

import Logging
import SiraCore
import SiraRouting
import SiraTesting
import Synchronization
import Testing

@Suite("3.5 The fallback loop")
struct FallbackLoopExercises {
    @Test("3.5 a provider fault moves on to the next target, and the first answer ends the loop")
    func fallsBack() async throws {
        let first = ScriptedProvider("first", [.fail(GatewayError(.providerOverloaded, "busy"))])
        let second = ScriptedProvider("second", [.answer("from second")])
        let third = ScriptedProvider("third", [.answer("from third")])
        let context = testContext
        let reply = try await scriptedGroup([first, second, third]).chat(chatCall(), context: context)
        #expect(try await text(of: reply) == "from second")
        #expect(third.callCount == 0)
        #expect(context.report.attempts.map(\.provider) == ["first", "second"])
    }

    @Test("3.5 the caller's own mistake is the answer: the same request would fail everywhere")
    func callerMistake() async throws {
        let first = ScriptedProvider("first", [.fail(GatewayError(.upstreamRejectedRequest, "bad schema"))])
        let second = ScriptedProvider("second", [.answer("x")])
        let error = await #expect(throws: GatewayError.self) {
            try await scriptedGroup([first, second]).chat(chatCall(), context: testContext)
        }
        #expect(error?.kind == .upstreamRejectedRequest)
        #expect(second.callCount == 0)
    }

    @Test("3.5 when every target fails, the last failure is the answer, with its own status")
    func lastFailure() async throws {
        let first = ScriptedProvider("a", [.fail(GatewayError(.providerOverloaded, "busy"))])
        let second = ScriptedProvider("b", [.fail(GatewayError(.providerRateLimited, "slow", retryAfter: .seconds(7)))])
        let error = await #expect(throws: GatewayError.self) {
            try await scriptedGroup([first, second]).chat(chatCall(), context: testContext)
        }
        #expect(error?.kind == .providerRateLimited)
        #expect(error?.retryAfter == .seconds(7))
    }

    @Test("3.5 the group's fallback settings decide which failures move on")
    func settings() async throws {
        let narrow = FallbackSettings(kinds: [GatewayError.Kind.providerRateLimited.code])
        let limited = ScriptedProvider("limited", [.fail(GatewayError(.providerRateLimited, "429"))])
        let backup = ScriptedProvider("backup", [.answer("backup")])
        #expect(
            try await text(
                of: scriptedGroup([limited, backup], fallback: narrow).chat(chatCall(), context: testContext))
                == "backup")

        let overloaded = ScriptedProvider("overloaded", [.fail(GatewayError(.providerOverloaded, "503"))])
        let unused = ScriptedProvider("unused", [.answer("x")])
        let error = await #expect(throws: GatewayError.self) {
            try await scriptedGroup([overloaded, unused], fallback: narrow).chat(chatCall(), context: testContext)
        }
        #expect(error?.kind == .providerOverloaded)
        #expect(unused.callCount == 0)
    }

    @Test("3.5 an upstream's context overflow falls back, to a target with a larger window")
    func contextOverflow() async throws {
        let small = ScriptedProvider(
            "small",
            [.fail(GatewayError(.upstreamRejectedRequest, "This model's maximum context length is 8192 tokens"))])
        let large = ScriptedProvider("large", [.answer("fits")])
        #expect(try await text(of: scriptedGroup([small, large]).chat(chatCall(), context: testContext)) == "fits")
    }

    @Test("3.5 no attempt starts after the request's deadline; before the first, the answer is a timeout")
    func requestDeadline() async throws {
        let clock = ManualClock()
        let logger = Logger(label: "test")
        let late = ScriptedProvider("late", [.slowFail(clock, .seconds(6), GatewayError(.providerOverloaded, "503"))])
        let secondary = ScriptedProvider("secondary", [.answer("too late")])
        let context = RequestContext(requestID: "d", clock: clock, logger: logger, deadline: clock.now + .seconds(5))
        let error = await #expect(throws: GatewayError.self) {
            try await scriptedGroup([late, secondary], clock: clock).chat(chatCall(), context: context)
        }
        #expect(error?.kind == .providerOverloaded, "the last failure, not a made-up timeout")
        #expect(secondary.callCount == 0)

        let expired = RequestContext(requestID: "x", clock: clock, logger: logger, deadline: clock.now)
        let none = await #expect(throws: GatewayError.self) {
            try await scriptedGroup([secondary], clock: clock).chat(chatCall(), context: expired)
        }
        #expect(none?.kind == .providerTimeout)
        #expect(secondary.callCount == 0)
    }

    @Test("3.5 the group's own deadline counts from the request's arrival and stops fallback too")
    func groupDeadline() async throws {
        let clock = ManualClock()
        let late = ScriptedProvider("late", [.slowFail(clock, .seconds(4), GatewayError(.providerOverloaded, "503"))])
        let secondary = ScriptedProvider("secondary", [.answer("too late")])
        let group = scriptedGroup([late, secondary], clock: clock, fallback: FallbackSettings(deadline: .seconds(3)))
        let context = RequestContext(requestID: "g", clock: clock, logger: Logger(label: "test"))
        let error = await #expect(throws: GatewayError.self) { try await group.chat(chatCall(), context: context) }
        #expect(error?.kind == .providerOverloaded)
        #expect(secondary.callCount == 0)

        let early = ScriptedProvider("early", [.slowFail(clock, .seconds(1), GatewayError(.providerOverloaded, "503"))])
        let roomy = scriptedGroup([early, secondary], clock: clock, fallback: FallbackSettings(deadline: .seconds(3)))
        let fresh = RequestContext(requestID: "h", clock: clock, logger: Logger(label: "test"))
        #expect(try await text(of: roomy.chat(chatCall(), context: fresh)) == "too late", "within the deadline")
    }

    @Test("3.5 a content-filter refusal goes down the group's chain instead of the rest of the plan")
    func contentFilterChain() async throws {
        let strict = ScriptedProvider("strict", [.fail(GatewayError(.contentFiltered, "refused"))])
        let next = ScriptedProvider("next", [.answer("not in the chain")])
        let lenient = ScriptedProvider("lenient", [.answer("answered")])
        let reply = try await scriptedGroup([strict, next, lenient], chain: [2]).chat(chatCall(), context: testContext)
        #expect(try await text(of: reply) == "answered")
        #expect(next.callCount == 0)
    }

    @Test("3.5 without a chain a content-filter refusal is the answer; a chain is taken only once")
    func contentFilterOnce() async throws {
        let strict = ScriptedProvider("strict", [.fail(GatewayError(.contentFiltered, "refused"))])
        let other = ScriptedProvider("other", [.answer("x")])
        let plain = await #expect(throws: GatewayError.self) {
            try await scriptedGroup([strict, other]).chat(chatCall(), context: testContext)
        }
        #expect(plain?.kind == .contentFiltered)
        #expect(other.callCount == 0)

        let alsoStrict = ScriptedProvider("also-strict", [.fail(GatewayError(.contentFiltered, "refused too"))])
        let last = ScriptedProvider("last", [.answer("y")])
        let error = await #expect(throws: GatewayError.self) {
            try await scriptedGroup([strict, alsoStrict, last], chain: [1, 0]).chat(chatCall(), context: testContext)
        }
        #expect(error?.kind == .contentFiltered, "the chain's own refusal is the answer")
        #expect(error?.message == "refused too")
        #expect(last.callCount == 0)
    }
}

/// Counts how often a scripted sequence was asked for its next element: how far a reader got.
final class Pulls: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// A sequence of elements, then a failure or the end, that counts every `next()`.
struct Counted<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]
    let failure: (any Error & Sendable)?
    let pulls: Pulls

    struct AsyncIterator: AsyncIteratorProtocol {
        let sequence: Counted
        var index = 0

        mutating func next() async throws -> Element? {
            sequence.pulls.add()
            guard index < sequence.elements.count else {
                if let failure = sequence.failure { throw failure }
                return nil
            }
            index += 1
            return sequence.elements[index - 1]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(sequence: self) }
}

func roleChunk() -> ChatChunk {
    ChatChunk(
        id: "s", created: 1, model: "m", choices: [ChunkChoice(delta: MessageDelta(role: .assistant, content: ""))])
}

func textChunk(_ text: String) -> ChatChunk {
    ChatChunk(id: "s", created: 1, model: "m", choices: [ChunkChoice(delta: MessageDelta(content: text))])
}

func piece(_ text: String, content: Bool) -> ForwardedPiece {
    ForwardedPiece(bytes: Array("data: \(text)\n\n".utf8), hasContent: content)
}

@Suite("3.6 The commit point")
struct CommitPointExercises {
    func stream(_ chunks: [ChatChunk], failing: GatewayError? = nil, pulls: Pulls) -> ProviderReply {
        .stream(ChunkStream(Counted(elements: chunks, failure: failing, pulls: pulls)))
    }

    func read(_ reply: ProviderReply) async throws -> [ChatChunk] {
        guard case .stream(let chunks) = reply else { return [] }
        var all: [ChatChunk] = []
        for try await chunk in chunks { all.append(chunk) }
        return all
    }

    @Test("3.6 a stream is read up to its first content before it is committed, and then given whole, in order")
    func heldBack() async throws {
        let pulls = Pulls()
        let chunks = [roleChunk(), roleChunk(), textChunk("Hel"), textChunk("lo")]
        let committed = try await AttemptRunner.commit(stream(chunks, pulls: pulls))
        #expect(pulls.value == 3, "the role chunks and the first content, nothing more")
        #expect(try await read(committed) == chunks)
    }

    @Test("3.6 a stream that fails before its first content throws from commit, so routing can fall back")
    func failsBefore() async throws {
        let pulls = Pulls()
        let error = await #expect(throws: GatewayError.self) {
            try await AttemptRunner.commit(
                stream([roleChunk()], failing: GatewayError(.providerOverloaded, "busy"), pulls: pulls))
        }
        #expect(error?.kind == .providerOverloaded)
    }

    @Test("3.6 after the commit point a failure comes from the stream, after the chunks before it")
    func failsAfter() async throws {
        let pulls = Pulls()
        let committed = try await AttemptRunner.commit(
            stream([roleChunk(), textChunk("Hel")], failing: GatewayError(.providerUnreachable, "cut"), pulls: pulls))
        #expect(pulls.value == 2)
        guard case .stream(let chunks) = committed else {
            Issue.record("expected a stream")
            return
        }
        var received: [ChatChunk] = []
        let error = await #expect(throws: GatewayError.self) {
            for try await chunk in chunks { received.append(chunk) }
        }
        #expect(received == [roleChunk(), textChunk("Hel")])
        #expect(error?.kind == .providerUnreachable)
    }

    @Test("3.6 content-free chunks are held back at most 256 at a time, then the stream commits anyway")
    func bounded() async throws {
        let pulls = Pulls()
        let chunks = Array(repeating: roleChunk(), count: 300) + [textChunk("late")]
        let committed = try await AttemptRunner.commit(stream(chunks, pulls: pulls))
        #expect(pulls.value == 256)
        #expect(try await read(committed).count == 301)
    }

    @Test("3.6 a stream that ends without content is committed at its end; a whole answer as it is")
    func endsEmpty() async throws {
        let pulls = Pulls()
        let committed = try await AttemptRunner.commit(stream([roleChunk(), roleChunk()], pulls: pulls))
        #expect(pulls.value == 3, "two chunks and the end")
        #expect(try await read(committed).count == 2)
        let whole = ChatResponse(
            id: "r", created: 1, model: "m",
            choices: [ChatChoice(index: 0, message: .text(.assistant, "hi"), finishReason: .stop)])
        guard case .whole(let same) = try await AttemptRunner.commit(.whole(whole)) else {
            Issue.record("expected the whole answer")
            return
        }
        #expect(same == whole)
    }

    func forwarded(_ pieces: [ForwardedPiece], failing: (any Error & Sendable)? = nil, pulls: Pulls) -> ProviderReply {
        .forwarded(
            headers: Headers([("content-type", "text/event-stream")]),
            events: ForwardedStream(Counted(elements: pieces, failure: failing, pulls: pulls)))
    }

    @Test("3.6 a forwarded stream is held back until a piece with content; the headers and every byte go on")
    func forwardedHeldBack() async throws {
        let pulls = Pulls()
        let pieces = [piece("start", content: false), piece("ping", content: false), piece("Hel", content: true)]
        let committed = try await AttemptRunner.commit(forwarded(pieces + [piece("lo", content: true)], pulls: pulls))
        #expect(pulls.value == 3)
        guard case .forwarded(let headers, let events) = committed else {
            Issue.record("expected a forwarded stream")
            return
        }
        #expect(headers["content-type"] == "text/event-stream")
        var received: [ForwardedPiece] = []
        for try await piece in events { received.append(piece) }
        #expect(received == pieces + [piece("lo", content: true)])
    }

    @Test("3.6 a forwarded stream's failure before content is thrown as the GatewayError inside it")
    func forwardedFailsBefore() async throws {
        let pulls = Pulls()
        let failure = ForwardedStreamFailure(GatewayError(.providerOverloaded, "overloaded_error"))
        let error = await #expect(throws: GatewayError.self) {
            try await AttemptRunner.commit(
                forwarded([piece("message_start", content: false)], failing: failure, pulls: pulls))
        }
        #expect(error?.kind == .providerOverloaded)
    }

    @Test("3.6 a forwarded stream commits after more than 1 MiB without content instead of holding it all")
    func forwardedBounded() async throws {
        let pulls = Pulls()
        let big = ForwardedPiece(bytes: Array(repeating: UInt8(ascii: ":"), count: 300 * 1024), hasContent: false)
        let committed = try await AttemptRunner.commit(
            forwarded(Array(repeating: big, count: 6) + [piece("x", content: true)], pulls: pulls))
        #expect(pulls.value == 4, "1.2 MB held, the first time the total passes 1 MiB")
        guard case .forwarded(_, let events) = committed else { return }
        var count = 0
        for try await _ in events { count += 1 }
        #expect(count == 7)
    }
}
