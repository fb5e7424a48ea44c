// Starter for chapter 00, generated from Sources/SiraCore/Chat/StreamAccumulator.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 00` runs their tests.
// Merges a stream of chunks into the whole answer. The gateway needs this wherever a stream must
// also be seen whole: to cache it, to log it, to count its tokens, to answer a non-streaming client
// from a streaming upstream.

/// Folds `ChatChunk`s, in order, into the `ChatResponse` they add up to.
///
/// Text and refusal fragments are appended; tool-call fragments are merged by their `index` (the
/// first fragment brings id and name, later ones append to `arguments`); the last finish reason
/// and the usage chunk are kept. It is a value: feed it chunks with `apply`, read `response` at the end.
public struct StreamAccumulator: Sendable {
    /// The merged state of one choice.
    struct PartialChoice: Sendable {
        var role: Role?
        var content: String?
        var refusal: String?
        var toolCalls: [Int: ToolCallDelta] = [:]
        var finishReason: FinishReason?
    }

    private(set) var id = ""
    private(set) var created: Int64 = 0
    private(set) var model = ""
    private(set) var usage: Usage?
    private(set) var choices: [Int: PartialChoice] = [:]

    /// Creates an empty accumulator.
    public init() {}

    /// Merges one chunk.
    /// - Parameter chunk: The next chunk of the stream.
    public mutating func apply(_ chunk: ChatChunk) {
        if id.isEmpty { id = chunk.id }
        if created == 0 { created = chunk.created }
        if model.isEmpty { model = chunk.model }
        if let usage = chunk.usage { self.usage = usage }
        for choice in chunk.choices {
            var partial = choices[choice.index] ?? PartialChoice()
            partial.merge(choice)
            choices[choice.index] = partial
        }
    }

    /// The whole answer so far: choices in index order, tool calls in index order.
    public var response: ChatResponse {
        let merged = choices.sorted { $0.key < $1.key }.map { index, partial in
            let calls = partial.toolCalls.keys.sorted().compactMap { partial.toolCalls[$0] }.map { delta in
                ToolCall(
                    id: delta.id ?? "",
                    type: delta.type ?? "function",
                    name: delta.name ?? "",
                    arguments: delta.arguments ?? ""
                )
            }
            let message = ChatMessage(
                role: partial.role ?? .assistant,
                content: partial.content.map(MessageContent.text),
                toolCalls: calls.isEmpty ? nil : calls,
                refusal: partial.refusal
            )
            return ChatChoice(index: index, message: message, finishReason: partial.finishReason)
        }
        return ChatResponse(id: id, created: created, model: model, choices: merged, usage: usage)
    }
}

extension StreamAccumulator.PartialChoice {
    /// Adds one chunk's delta for this choice.
    mutating func merge(_ choice: ChunkChoice) {
        // exercise 0.2 begin: merge one delta: keep the first role, append content and refusal, merge tool calls by index (id, type and name from the first fragment that has them; arguments appended), keep the finish reason
        _ = choice
        // exercise 0.2 end
    }
}
