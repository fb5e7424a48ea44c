// The cache as a call-level policy (docs/architecture.md §1): in front of routing, so a hit makes no
// attempt at all, and behind the endpoint, so it sees the call whatever API the client spoke.

import SiraCore
import Synchronization

/// Answers a repeated call from memory, and stores the answers that may be repeated.
///
/// For each call: derive the key (`CacheKey`); on a hit, replay the stored answer (the report says it
/// was cached and bills nothing); on a miss, lead the upstream call or wait for the caller already
/// leading it (`SingleFlight`), and store the answer if it finished well (`StoreDecision`). Streams are
/// recorded as they pass to the client and stored when they end, so a stream is never delayed to be
/// cached. Every answer says what the cache did in `x-sira-cache`: `hit`, `miss`, `bypass` (the
/// client's `cache-control: no-store`, or a model with `cache: off`), or `refresh`
/// (`cache-control: no-cache`: the upstream is asked and its answer stored).
public struct CachePolicy: Policy {
    /// `cache`.
    public let name = "cache"

    /// The settings.
    public struct Settings: Sendable, Hashable {
        /// What the store may hold.
        public var limits: MemoryCacheStore<CachedAnswer>.Limits
        /// Which public model names (as the client sends them: aliases and `provider/model` names too)
        /// are cached.
        public var models: ModelSelection
        /// What answers each public name, as the configuration says (`claude/claude-sonnet-4-6`, or a
        /// group's targets): part of the key, so a model pointed elsewhere does not answer from the old
        /// deployment's entries. A name not listed is described by its upstream model.
        public var deployments: [String: String]
        /// The longest a caller waits, in all, for identical calls in flight before calling the
        /// upstream itself.
        public var flightWait: Duration

        /// Creates settings.
        /// - Parameters:
        ///   - limits: The store's limits.
        ///   - models: The models cached; all by default.
        ///   - deployments: What answers each public name.
        ///   - flightWait: The longest wait for identical calls in flight.
        public init(
            limits: MemoryCacheStore<CachedAnswer>.Limits, models: ModelSelection = .all(except: []),
            deployments: [String: String] = [:], flightWait: Duration = .seconds(120)
        ) {
            self.limits = limits
            self.models = models
            self.deployments = deployments
            self.flightWait = flightWait
        }
    }

    /// Which public model names a cache serves.
    public enum ModelSelection: Sendable, Hashable {
        /// Every name but these (the top-level `cache:` with some models saying `cache: off`).
        case all(except: Set<String>)
        /// Only these (no top-level `cache:`, some models saying `cache: on`).
        case only(Set<String>)

        /// Whether `name` is cached.
        /// - Parameter name: The public name the client sent.
        /// - Returns: Whether the cache serves it.
        public func contains(_ name: String) -> Bool {
            switch self {
            case .all(let excluded): return !excluded.contains(name)
            case .only(let included): return included.contains(name)
            }
        }
    }

    /// The settings.
    public let settings: Settings
    /// The stored answers.
    public let store: any CacheStore
    /// The calls in flight.
    public let flights: SingleFlight<CacheKey>
    /// The generation (`purge()` raises it).
    private let generation: Generation
    /// The clock waits are measured by.
    private let clock: any GatewayClock

    /// Creates the policy.
    /// - Parameters:
    ///   - settings: The settings.
    ///   - store: Where answers are kept; by default an empty in-memory store with the settings' limits.
    ///   - clock: The clock entries expire and waits end by.
    public init(settings: Settings, store: (any CacheStore)? = nil, clock: any GatewayClock = SystemClock()) {
        self.settings = settings
        self.store = store ?? MemoryCacheStore<CachedAnswer>(limits: settings.limits, clock: clock)
        self.flights = SingleFlight(clock: clock)
        self.generation = Generation()
        self.clock = clock
    }

    /// Makes every stored answer unreachable at once (they age out of the store): an admin's purge.
    /// - Returns: The new generation.
    @discardableResult
    public func purge() -> Int { generation.raise() }

    /// The scope a caller's answers are stored under: the caller's key once chapter 07 authenticates
    /// callers, one shared scope before. Derived by the server, never read from the request.
    /// - Parameter context: The request's context.
    /// - Returns: The scope.
    public static func scope(of context: RequestContext) -> String {
        context.caller.map { "key:" + $0.keyID } ?? "shared"
    }

    /// The key of a call, or `nil` when the call cannot be keyed (no body Sira can read).
    /// - Parameters:
    ///   - call: The call.
    ///   - context: Its context.
    /// - Returns: The key.
    public func key(for call: ChatCall, context: RequestContext) -> CacheKey? {
        let request: JSONValue
        // A body that repeats a member name is not cached: the key reads the last value, an upstream's
        // parser may read the first, and one request's answer would be stored under another's key.
        if let body = call.responsesBody ?? call.originalBody {
            guard let parsed = try? JSONValue(parsingUniqueNames: body) else { return nil }
            request = parsed
        } else if let decoded = call.request, let value = try? SiraJSON.value(of: decoded) {
            request = value
        } else {
            return nil
        }
        // What else decides the answer besides the body: the routing metadata (a conditional group may
        // send a "gold" request to another model) and the header fields forwarded upstream
        // (`anthropic-beta` switches features on).
        var material: JSONObject = ["request": request]
        // A Responses API call's answer is a `response` object, never a chat completion, even when its
        // neutral request is the same.
        if call.responsesBody != nil { material["api"] = "responses" }
        if !context.metadata.isEmpty {
            material["metadata"] = .object(
                JSONObject(context.metadata.map { ($0.key, JSONValue.string($0.value)) }, uniquingKeysWith: { $1 }))
        }
        if !call.forwardedHeaders.fields.isEmpty {
            material["headers"] = .object(
                JSONObject(
                    call.forwardedHeaders.map { ($0.name.lowercased(), JSONValue.string($0.value)) },
                    uniquingKeysWith: { $1 }))
        }
        return CacheKey(
            scope: Self.scope(of: context), generation: generation.value, format: call.clientFormat,
            deployment: settings.deployments[call.model] ?? "\(call.model)\u{0}\(call.upstreamModel)",
            stream: call.isStreaming,
            canonicalRequest: CanonicalJSON.bytes(.object(material)))
    }

    /// What the client asked of the cache in `cache-control`.
    enum Directive {
        case normal, noStore, noCache
        init(_ field: String) {
            let values = field.lowercased().split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if values.contains("no-store") {
                self = .noStore
            } else if values.contains("no-cache") {
                self = .noCache
            } else {
                self = .normal
            }
        }
    }

    /// Answers from the cache or calls on, storing what may be stored.
    /// - Parameters:
    ///   - call: The call.
    ///   - context: Its context.
    ///   - next: Routing.
    /// - Returns: The answer, replayed or fresh.
    /// - Throws: What routing throws (errors are never stored).
    public func handle(_ call: ChatCall, context: RequestContext, next: Next<ChatCall, ProviderReply>) async throws
        -> ProviderReply
    {
        let report = context.report
        let directive = Directive(call.clientHeaders.values("cache-control").joined(separator: ","))
        guard settings.models.contains(call.model), directive != .noStore,
            let key = key(for: call, context: context)
        else {
            report.addResponseHeader("x-sira-cache", "bypass")
            return try await next(call, context)
        }
        if directive == .noCache {
            report.addResponseHeader("x-sira-cache", "refresh")
            return await record(try await next(call, context), key: key, format: call.wireFormat, ticket: nil)
        }
        let ticket: SingleFlight<CacheKey>.Ticket?
        // One patience for all of a caller's waits: `flightWait`, or less when the request's own deadline
        // comes first.
        let patience = clock.now + settings.flightWait
        let deadline = context.deadline.map { min($0, patience) } ?? patience
        switch try await lookUp(key, report: report, until: deadline) {
        case .hit(let reply): return reply
        case .miss(let lead): ticket = lead
        }
        report.addResponseHeader("x-sira-cache", "miss")
        let reply: ProviderReply
        do {
            reply = try await next(call, context)
        } catch {
            ticket?.land()
            throw error
        }
        return await record(reply, key: key, format: call.wireFormat, ticket: ticket)
    }

    /// What a lookup found: a stored answer, replayed; or a miss, with the ticket when this caller
    /// leads the upstream call (`nil` when it goes on without leading).
    enum Lookup {
        case hit(ProviderReply)
        case miss(SingleFlight<CacheKey>.Ticket?)
    }

    /// Looks for a stored answer; on a miss, leads the flight for the key or waits for its leader and
    /// looks again.
    /// - Parameters:
    ///   - key: The call's key.
    ///   - report: The request's report (a hit is recorded in it).
    ///   - deadline: When this caller stops waiting for others, for all its waits together.
    /// - Returns: The hit, or the miss with its ticket.
    /// - Throws: `CancellationError` when the task is cancelled while it waits.
    func lookUp(_ key: CacheKey, report: CallReport, until deadline: ClockInstant) async throws -> Lookup {
        // exercise 4.4 begin: look; lead if nobody does (and look once more: the answer may have landed in between); else wait for the leader with the time left until the deadline: landed → round again, gave up → a miss without leading, cancelled → throw
        while true {
            if let hit = await store.answer(for: key) { return .hit(replay(hit, report: report)) }
            if let ticket = flights.lead(key) {
                // The answer may have been stored and its flight landed between the look and the lead.
                if let hit = await store.answer(for: key) {
                    ticket.land()
                    return .hit(replay(hit, report: report))
                }
                return .miss(ticket)
            }
            // Another caller is asking the upstream the same thing: wait for its answer to land.
            switch await flights.wait(for: key, timeout: deadline - clock.now) {
            case .landed: continue  // look again; when the leader stored nothing, try to lead the next try
            case .gaveUp: return .miss(nil)  // out of patience: ask the upstream without leading
            case .cancelled: throw CancellationError()
            }
        }
        // stub: return .miss(nil)
        // exercise 4.4 end
    }

    /// A stored answer, replayed: the report says it was cached, and bills nothing.
    private func replay(_ answer: CachedAnswer, report: CallReport) -> ProviderReply {
        report.answeredFromCache()
        report.addResponseHeader("x-sira-cache", "hit")
        return answer.reply
    }

    /// The reply, stored if it may be: at once for a whole answer, at its end for a stream (recorded as
    /// the client reads it). The ticket lands when the answer is stored or known not to be.
    private func record(
        _ reply: ProviderReply, key: CacheKey, format: WireFormat, ticket: SingleFlight<CacheKey>.Ticket?
    ) async -> ProviderReply {
        let store = store
        let limit = settings.limits.maximumEntryBytes
        switch reply {
        case .whole(let response):
            if StoreDecision.isStorable(response) {
                let answer = CachedAnswer.whole(response)
                await store.keep(answer, cost: answer.cost, for: key)
            }
            ticket?.land()
            return reply
        case .passthrough(let headers, let body):
            if StoreDecision.isStorable(body: body, format: format) {
                let answer = CachedAnswer.body(headers: headers, bytes: body)
                await store.keep(answer, cost: answer.cost, for: key)
            }
            ticket?.land()
            return reply
        case .stream(let chunks):
            let recorder = Recording<ChatChunk>(
                limit: limit, ticket: ticket, size: CachedAnswer.estimatedSize,
                complete: { chunks, recorded in
                    guard StoreDecision.isStorable(chunks) else { return }
                    // The estimate the recording made, not `answer.cost`, which encodes every chunk: the
                    // client's stream ends only when this returns.
                    await store.keep(.chunks(chunks), cost: recorded, for: key)
                })
            return .stream(ChunkStream(Recorded(base: chunks, recording: recorder)))
        case .forwarded(let headers, let events):
            let recorder = Recording<ForwardedPiece>(
                limit: limit, ticket: ticket, size: { $0.bytes.count },
                complete: { pieces, _ in
                    let bytes = pieces.map(\.bytes)
                    guard StoreDecision.isStorable(events: bytes, format: format) else { return }
                    let answer = CachedAnswer.events(headers: headers, pieces: bytes)
                    await store.keep(answer, cost: answer.cost, for: key)
                })
            return .forwarded(headers: headers, events: ForwardedStream(Recorded(base: events, recording: recorder)))
        }
    }
}

/// The cache's generation, raised by a purge.
final class Generation: Sendable {
    private let current = Atomic(0)

    var value: Int { current.load(ordering: .acquiring) }

    func raise() -> Int { current.add(1, ordering: .acquiringAndReleasing).newValue }
}

/// What a stream's recording has kept so far; stored when the stream ends, dropped when it fails, is
/// abandoned, or grows past the per-entry limit (then recording stops: the client's stream goes on).
final class Recording<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var bytes = 0
        var overLimit = false
    }

    private let state = Mutex(State())
    private let limit: Int
    private let size: @Sendable (Element) -> Int
    private let ticket: SingleFlight<CacheKey>.Ticket?
    private let complete: @Sendable ([Element], Int) async -> Void

    init(
        limit: Int, ticket: SingleFlight<CacheKey>.Ticket?, size: @escaping @Sendable (Element) -> Int,
        complete: @escaping @Sendable ([Element], Int) async -> Void
    ) {
        self.limit = limit
        self.size = size
        self.ticket = ticket
        self.complete = complete
    }

    func append(_ element: Element) {
        let cost = size(element)
        state.withLock { state in
            guard !state.overLimit else { return }
            state.bytes += cost
            if state.bytes > limit {
                state.overLimit = true
                state.elements = []
            } else {
                state.elements.append(element)
            }
        }
    }

    /// The stream ended normally: store what was kept, if it may be stored.
    func finish() async {
        let kept = state.withLock { state -> ([Element], Int)? in
            defer { state.elements = [] }
            return state.overLimit ? nil : (state.elements, state.bytes)
        }
        if let (elements, bytes) = kept { await complete(elements, bytes) }
        ticket?.land()
    }

    /// The stream failed: keep nothing.
    func fail() {
        state.withLock { $0.elements = [] }
        ticket?.land()
    }

    // Abandoned (the client went away): the ticket's own deinit lands it.
}

/// A stream whose elements are recorded as the client reads them.
struct Recorded<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element: Sendable {
    typealias Element = Base.Element

    let base: Base
    let recording: Recording<Base.Element>

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let recording: Recording<Base.Element>

        mutating func next() async throws -> Base.Element? {
            do {
                guard let element = try await base.next() else {
                    await recording.finish()
                    return nil
                }
                recording.append(element)
                return element
            } catch {
                recording.fail()
                throw error
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), recording: recording) }
}
