// A provider that answers from a script, for routing's tests and chapter 03's exercises: no network,
// no format, just the replies and failures a test needs, in order.

import Logging
import SiraCore
import SiraProviders
import SiraRouting
import Synchronization

/// A provider that answers from a script: each call takes the next step (or repeats the last).
///
/// It exists so routing can be tested without upstreams: a target that fails twice and then
/// answers is one line, and `callCount` shows which targets were tried.
public final class ScriptedProvider: Provider, Sendable {
    /// One call's reply.
    public enum Step: Sendable {
        /// A whole answer with this text.
        case answer(String)
        /// The call fails with this error.
        case fail(GatewayError)
        /// A stream of text pieces, failing after `failAfter` pieces when set.
        case stream([String], failAfter: Int?)
        /// Advances a manual clock (the upstream "takes" that long), then answers.
        case slow(ManualClock, Duration, String)
        /// Advances a manual clock, then fails.
        case slowFail(ManualClock, Duration, GatewayError)
    }

    /// The provider's name (and its deployment's).
    public let name: String
    private let steps: Mutex<[Step]>
    private let calls = Mutex(0)

    /// Creates a provider.
    /// - Parameters:
    ///   - name: Its name.
    ///   - steps: The replies, one per call; the last repeats.
    public init(_ name: String, _ steps: [Step]) {
        self.name = name
        self.steps = Mutex(steps)
    }

    /// Takes the next step.
    /// - Parameters:
    ///   - call: The call; the answer names its upstream model.
    ///   - context: Unused.
    /// - Returns: The step's reply.
    /// - Throws: The step's failure.
    public func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        calls.withLock { $0 += 1 }
        let step = steps.withLock { steps in steps.count > 1 ? steps.removeFirst() : steps[0] }
        switch step {
        case .answer(let text):
            return .whole(
                ChatResponse(
                    id: "r", created: 1, model: call.upstreamModel,
                    choices: [ChatChoice(index: 0, message: .text(.assistant, text), finishReason: .stop)]))
        case .fail(let error):
            throw error
        case .slowFail(let clock, let duration, let error):
            clock.advance(by: duration)
            throw error
        case .slow(let clock, let duration, let text):
            clock.advance(by: duration)
            return .whole(
                ChatResponse(
                    id: "r", created: 1, model: call.upstreamModel,
                    choices: [ChatChoice(index: 0, message: .text(.assistant, text), finishReason: .stop)]))
        case .stream(let pieces, let failAfter):
            var chunks = [
                ChatChunk(
                    id: "s", created: 1, model: call.upstreamModel,
                    choices: [ChunkChoice(delta: MessageDelta(role: .assistant, content: ""))])
            ]
            let sent = failAfter.map { Array(pieces.prefix($0)) } ?? pieces
            chunks += sent.map {
                ChatChunk(
                    id: "s", created: 1, model: call.upstreamModel,
                    choices: [ChunkChoice(delta: MessageDelta(content: $0))])
            }
            let failure = failAfter.map { _ in GatewayError(.providerUnreachable, "cut") }
            return .stream(.chunks(chunks, failing: failure))
        }
    }

    /// How many calls it has had.
    public var callCount: Int { calls.withLock { $0 } }
}

/// A fresh context per use, on a manual clock: each has its own report.
public var testContext: RequestContext {
    RequestContext(requestID: "req-1", clock: ManualClock(), logger: Logger(label: "test"))
}

/// A one-message chat call.
/// - Parameters:
///   - text: The user's message.
///   - stream: Whether it is streamed.
///   - tools: Whether it offers a tool.
/// - Returns: The call.
public func chatCall(_ text: String = "Hi", stream: Bool = false, tools: Bool = false) -> ChatCall {
    var request = ChatRequest(model: "group", messages: [.text(.user, text)])
    request.stream = stream
    if tools { request.tools = [.function(FunctionTool(name: "f"))] }
    return ChatCall(request: request, upstreamModel: "group")
}

/// The text of a reply: a whole answer's, or a stream's pieces joined (read to the end).
/// - Parameter reply: The reply.
/// - Returns: The text; `<passthrough>` for upstream bytes.
/// - Throws: The stream's failure.
public func text(of reply: ProviderReply) async throws -> String {
    switch reply {
    case .whole(let response): return response.choices.first?.message.content?.joinedText ?? ""
    case .stream(let chunks):
        var text = ""
        for try await chunk in chunks { text += chunk.choices.first?.delta.content ?? "" }
        return text
    case .passthrough, .forwarded: return "<passthrough>"
    }
}

/// A model group over scripted providers: each target is named after its provider, with the upstream
/// model `<name>-model`, and the group keeps its deployments' state on `clock`.
/// - Parameters:
///   - providers: The targets' providers, in order.
///   - clock: The clock cool-downs and latencies are measured on.
///   - chain: The content-filter chain, if any.
///   - fallback: Which failures fall back.
/// - Returns: The routed provider (seeded randomness).
public func scriptedGroup(
    _ providers: [ScriptedProvider], clock: ManualClock = ManualClock(), chain: [Int]? = nil,
    fallback: FallbackSettings = FallbackSettings()
) -> RoutedProvider {
    let targets = providers.map { RouteTarget(name: $0.name, provider: $0, upstreamModel: "\($0.name)-model") }
    return RoutedProvider(
        group: ModelGroup(
            name: "smart", targets: targets, fallback: fallback, contentFilterChain: chain,
            deployments: DeploymentStates(clock: clock)),
        random: RandomSource(seed: 1))
}
