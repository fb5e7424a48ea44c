// Generated from Sources/SiraProviders/Gemini/GeminiStreamTranslator.swift by scripts/make-starters. Nothing to write here.
// Gemini's stream (`streamGenerateContent?alt=sse`) to OpenAI-shaped chunks, as a pure state
// machine: events in, chunks out (the Gemini API reference's `streamGenerateContent`).
//
// Each Gemini event is a whole response object whose text parts are deltas; function calls arrive
// whole, in one event; usage is cumulative, so only the last value counts. There is no `[DONE]`:
// the stream is complete when a candidate has reported its `finishReason` and the body ends.

import SiraCore

/// Translates one Gemini stream into neutral chunks.
public struct GeminiStreamTranslator: StreamEventTranslator {
    private let created: Int64
    private var id = ""
    private var startedChoices: Set<Int> = []
    private var finishedChoices: Set<Int> = []
    private var callsByChoice: [Int: Int] = [:]
    private var callsInStream = 0
    private var usage: Usage?
    private var modelName: String
    /// Whether every candidate seen so far has reported why it stopped (the stream may end).
    public private(set) var isComplete = false

    /// Creates a translator.
    /// - Parameters:
    ///   - model: The model asked for (used until Gemini names its `modelVersion`).
    ///   - created: Unix seconds for every chunk's `created`.
    public init(model: String, created: Int64) {
        self.modelName = model
        self.created = created
    }

    /// Translates one event.
    /// - Parameter event: The event (its data is one `GenerateContentResponse`).
    /// - Returns: The chunks to send; a Gemini stream is complete only when its body ends.
    /// - Throws: `GatewayError` when the event is not JSON, carries an error, or the prompt was blocked.
    public mutating func translate(_ event: ReceivedEvent) throws -> (chunks: [ChatChunk], complete: Bool) {
        (try receive(event), false)
    }

    /// The body ended: the usage chunk when every candidate had finished, else the stream was cut.
    /// - Returns: The final chunks.
    /// - Throws: `providerError` when a candidate never reported its finish reason.
    public mutating func endOfBody() throws -> [ChatChunk] {
        guard isComplete else { throw GatewayError(.providerError, "The Gemini provider ended the stream early.") }
        return finish()
    }

    /// Translates one event into chunks.
    /// - Parameter event: The event (its data is one `GenerateContentResponse`).
    /// - Returns: The chunks to send.
    /// - Throws: `GatewayError` when the event is not JSON, carries an error, or the prompt was blocked.
    public mutating func receive(_ event: ReceivedEvent) throws -> [ChatChunk] {
        guard let object = try? JSONValue(parsing: event.data.utf8).objectValue else {
            throw GatewayError(.providerError, "The Gemini provider sent an event that is not JSON.")
        }
        if let error = object["error"]?.objectValue {
            let status = error["status"]?.stringValue ?? ""
            let kind: GatewayError.Kind = status == "UNAVAILABLE" ? .providerOverloaded : .providerError
            let message = error["message"]?.stringValue?.prefix(300) ?? "unknown error"
            throw GatewayError(kind, "The Gemini provider failed mid-stream: \(message).")
        }
        if id.isEmpty { id = "chatcmpl-" + (object["responseId"]?.stringValue ?? "gemini") }
        if let version = object["modelVersion"]?.stringValue { modelName = version }
        if let metadata = object["usageMetadata"]?.objectValue { usage = GeminiResponseTranslator.usage(metadata) }
        let candidates = object["candidates"]?.arrayValue ?? []
        if candidates.isEmpty, object["promptFeedback"]?.objectValue?["blockReason"] != nil {
            try GeminiResponseTranslator.requireCandidates(candidates, in: object)
        }
        var chunks: [ChatChunk] = []
        var finished = 0
        var finishedNow: Set<Int> = []
        for (position, candidate) in candidates.enumerated() {
            let candidate = candidate.objectValue ?? [:]
            let index = candidate["index"]?.intValue ?? position
            if startedChoices.insert(index).inserted {
                chunks.append(chunk(index, MessageDelta(role: .assistant, content: "")))
            }
            let responseID = object["responseId"]?.stringValue ?? ""
            let (text, calls) = GeminiResponseTranslator.content(
                candidate, responseID: responseID, firstCallIndex: callsInStream)
            if !text.isEmpty { chunks.append(chunk(index, MessageDelta(content: text))) }
            if !calls.isEmpty {
                let first = callsByChoice[index, default: 0]
                let deltas = calls.enumerated().map { offset, call in
                    ToolCallDelta(
                        index: first + offset, id: call.id, type: "function", name: call.name,
                        arguments: call.arguments)
                }
                callsByChoice[index] = first + calls.count
                callsInStream += calls.count
                chunks.append(chunk(index, MessageDelta(toolCalls: deltas)))
            }
            if let reason = candidate["finishReason"]?.stringValue {
                let finish = GeminiResponseTranslator.finishReason(
                    reason, hasToolCalls: callsByChoice[index, default: 0] > 0)
                chunks.append(chunk(index, MessageDelta(), finish: finish))
                finished += 1
                finishedNow.insert(index)
            }
        }
        // Complete only when every candidate that started has finished (n > 1 streams them apart).
        if finished > 0 { finishedChoices.formUnion(finishedNow) }
        isComplete = !startedChoices.isEmpty && finishedChoices == startedChoices
        return chunks
    }

    /// The chunks that end a complete stream: the usage chunk, when Gemini reported usage.
    /// - Returns: The final chunks.
    public func finish() -> [ChatChunk] {
        guard let usage else { return [] }
        var last = ChatChunk(id: id, created: created, model: modelName, choices: [])
        last.usage = usage
        return [last]
    }

    private func chunk(_ index: Int, _ delta: MessageDelta, finish: FinishReason? = nil) -> ChatChunk {
        ChatChunk(
            id: id, created: created, model: modelName,
            choices: [ChunkChoice(index: index, delta: delta, finishReason: finish)])
    }
}
