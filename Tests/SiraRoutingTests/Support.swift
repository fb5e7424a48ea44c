import Logging
import SiraCore
import SiraProviders
import SiraRouting
import Synchronization

/// A provider that answers from a script: each call takes the next step (or repeats the last).
final class ScriptedProvider: Provider, Sendable {
    enum Step: Sendable {
        case answer(String)
        case fail(GatewayError)
        /// A stream of text pieces, failing after `failAfter` pieces when set.
        case stream([String], failAfter: Int?)
        /// Advances a manual clock (the upstream "takes" that long), then answers.
        case slow(ManualClock, Duration, String)
        /// Advances a manual clock, then fails.
        case slowFail(ManualClock, Duration, GatewayError)
    }

    let name: String
    private let steps: Mutex<[Step]>
    let calls = Mutex(0)

    init(_ name: String, _ steps: [Step]) {
        self.name = name
        self.steps = Mutex(steps)
    }

    func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
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

    var callCount: Int { calls.withLock { $0 } }
}

/// A fresh context per use: each has its own report.
var testContext: RequestContext {
    RequestContext(requestID: "req-1", clock: ManualClock(), logger: Logger(label: "test"))
}

func chatCall(_ text: String = "Hi", stream: Bool = false, tools: Bool = false) -> ChatCall {
    var request = ChatRequest(model: "group", messages: [.text(.user, text)])
    request.stream = stream
    if tools { request.tools = [.function(FunctionTool(name: "f"))] }
    return ChatCall(request: request, upstreamModel: "group")
}

func text(of reply: ProviderReply) async throws -> String {
    switch reply {
    case .whole(let response): return response.choices.first?.message.content?.joinedText ?? ""
    case .stream(let chunks):
        var text = ""
        for try await chunk in chunks { text += chunk.choices.first?.delta.content ?? "" }
        return text
    case .passthrough, .forwarded: return "<passthrough>"
    }
}
