import Logging
import SiraCache
import SiraCore
import SiraTesting
import Testing

@Suite("What the cache policy puts into a call's key")
struct CachePolicyKeyTests {
    static let policy = CachePolicy(
        settings: .init(limits: .init(maximumBytes: 1 << 20, timeToLive: .seconds(60))), clock: ManualClock())

    static func call(_ body: String = #"{"model":"m","messages":[]}"#, upstream: String = "up") -> ChatCall {
        ChatCall(
            request: ChatRequest(model: "m", messages: []), upstreamModel: upstream, originalBody: Array(body.utf8))
    }

    static func context(caller: String? = nil, metadata: [String: String] = [:]) -> RequestContext {
        var context = RequestContext(requestID: "r", clock: ManualClock(), logger: Logger(label: "t"))
        context.caller = caller.map { Caller(keyID: $0) }
        context.metadata = metadata
        return context
    }

    @Test("the scope is the caller's key once there is one, a shared scope before; never the client's choice")
    func scope() throws {
        let shared = try #require(Self.policy.key(for: Self.call(), context: Self.context()))
        let alice = try #require(Self.policy.key(for: Self.call(), context: Self.context(caller: "alice")))
        let bob = try #require(Self.policy.key(for: Self.call(), context: Self.context(caller: "bob")))
        #expect(shared.scope == "shared" && alice.scope == "key:alice" && bob.scope == "key:bob")
        #expect(alice != bob && alice != shared)
        var claimed = Self.call()
        claimed.clientHeaders = ["x-sira-cache-scope": "key:alice", "cache-control": "max-age=60"]
        #expect(Self.policy.key(for: claimed, context: Self.context()) == shared, "client headers choose nothing")
    }

    @Test("routing metadata, forwarded header fields and the upstream model are part of the key")
    func answerDecidingFacts() throws {
        let plain = try #require(Self.policy.key(for: Self.call(), context: Self.context()))
        let gold = Self.policy.key(for: Self.call(), context: Self.context(metadata: ["tier": "gold"]))
        #expect(gold != nil && gold != plain)
        var beta = Self.call()
        beta.forwardedHeaders = ["anthropic-beta": "output-128k-2025-02-19"]
        #expect(Self.policy.key(for: beta, context: Self.context()) != plain)
        #expect(Self.policy.key(for: Self.call(upstream: "other"), context: Self.context()) != plain)
    }

    @Test("the deployment the configuration names for a model is part of the key")
    func deployments() throws {
        func policy(_ deployment: String) -> CachePolicy {
            CachePolicy(
                settings: .init(
                    limits: .init(maximumBytes: 1 << 20, timeToLive: .seconds(60)), deployments: ["m": deployment]),
                clock: ManualClock())
        }
        let before = policy("openai/gpt-4o").key(for: Self.call(), context: Self.context())
        let after = policy("azure/gpt-4o").key(for: Self.call(), context: Self.context())
        #expect(before != nil && before != after)
        #expect(policy("openai/gpt-4o").key(for: Self.call(), context: Self.context()) == before)
    }

    @Test("a Responses API call is never keyed like a chat call, even with the same body")
    func responsesAPI() throws {
        let body = Array(#"{"model":"m","input":"Hi"}"#.utf8)
        var chat = Self.call(#"{"model":"m","input":"Hi"}"#)
        let responses = ChatCall(
            responses: try ChatRequestScan(responses: body), body: body, upstreamModel: "up",
            decode: { _ in ChatRequest(model: "m", messages: []) })
        chat.clientFormat = .openAI
        let chatKey = try #require(Self.policy.key(for: chat, context: Self.context()))
        let responsesKey = try #require(Self.policy.key(for: responses, context: Self.context()))
        #expect(chatKey != responsesKey)
        #expect(Self.policy.key(for: responses, context: Self.context()) == responsesKey, "and stable")
    }

    @Test("a model selection: every name but some, or only some")
    func selection() {
        #expect(CachePolicy.ModelSelection.all(except: ["live"]).contains("gpt"))
        #expect(!CachePolicy.ModelSelection.all(except: ["live"]).contains("live"))
        #expect(CachePolicy.ModelSelection.only(["gpt"]).contains("gpt"))
        #expect(!CachePolicy.ModelSelection.only(["gpt"]).contains("openai/gpt-4o"))
    }

    @Test("a purge moves every key to a new generation")
    func purge() throws {
        let policy = CachePolicy(
            settings: .init(limits: .init(maximumBytes: 1 << 20, timeToLive: .seconds(60))), clock: ManualClock())
        let before = try #require(policy.key(for: Self.call(), context: Self.context()))
        #expect(policy.purge() == 1)
        #expect(policy.key(for: Self.call(), context: Self.context()) != before)
    }
}
