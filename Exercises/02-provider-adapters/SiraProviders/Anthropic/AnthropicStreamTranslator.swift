// Starter for chapter 02, generated from Sources/SiraProviders/Anthropic/AnthropicStreamTranslator.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 02` runs their tests.
// Anthropic's stream events to OpenAI-shaped chunks, as a pure state machine: events in, chunks out
// (Anthropic's Messages API reference). Tool-call indexes count tool_use blocks only, so
// a text block before the first tool call does not shift them.

import SiraCore

/// Translates one Anthropic stream into neutral chunks.
public struct AnthropicStreamTranslator: Sendable {
    /// What an event meant.
    public enum Output: Hashable, Sendable {
        /// Chunks to send.
        case chunks([ChatChunk])
        /// The stream is complete (`message_stop`): send these last chunks and end.
        case finished([ChatChunk])
        /// The upstream reported an error mid-stream.
        case failed(GatewayError)
    }

    private let created: Int64
    private var id = ""
    private var model = ""
    private var inputUsage: JSONObject = [:]
    private var outputTokens = 0
    private var toolIndexByBlock: [Int: Int] = [:]
    private var nextToolIndex = 0

    /// Creates a translator.
    /// - Parameter created: Unix seconds for every chunk's `created`.
    public init(created: Int64) { self.created = created }

    /// Translates one event.
    /// - Parameter event: The event (name and JSON data).
    /// - Returns: What to do.
    public mutating func receive(_ event: ReceivedEvent) -> Output {
        guard let data = try? JSONValue(parsing: event.data.utf8).objectValue else {
            return .failed(GatewayError(.providerError, "The Anthropic provider sent an event that is not JSON."))
        }
        switch data["type"]?.stringValue ?? event.name {
        case "message_start":
            let message = data["message"]?.objectValue ?? [:]
            id = message["id"]?.stringValue ?? ""
            model = message["model"]?.stringValue ?? ""
            inputUsage = message["usage"]?.objectValue ?? [:]
            outputTokens = inputUsage["output_tokens"]?.intValue ?? 0
            return .chunks([chunk(MessageDelta(role: .assistant, content: ""))])
        case "content_block_start", "content_block_delta":
            return .chunks(contentChunks(data))
        case "message_delta":
            if let output = data["usage"]?.objectValue?["output_tokens"]?.intValue { outputTokens = output }
            let reason = AnthropicResponseTranslator.finishReason(
                data["delta"]?.objectValue?["stop_reason"]?.stringValue)
            return .chunks([chunk(MessageDelta(), finish: reason ?? .stop)])
        case "message_stop":
            var usageChunk = ChatChunk(id: id, created: created, model: model, choices: [])
            usageChunk.usage = AnthropicResponseTranslator.usage(inputUsage, outputTokens: outputTokens)
            return .finished([usageChunk])
        case "error":
            let error = data["error"]?.objectValue ?? [:]
            let kind: GatewayError.Kind = error["type"] == "overloaded_error" ? .providerOverloaded : .providerError
            return .failed(
                GatewayError(
                    kind,
                    "The Anthropic provider failed mid-stream: \(error["message"]?.stringValue?.prefix(300) ?? "unknown error")."
                ))
        default:
            return .chunks([])  // ping, content_block_stop and event types added later
        }
    }

    /// The chunks for a content block's start or delta (`data` is the event's JSON).
    ///
    /// - A text block's start (with non-empty `text`) and each `text_delta` → a content delta.
    /// - A `tool_use` block's start → a tool-call delta with the call's `id`, `name`, type
    ///   `function`, empty arguments, and the next tool-call index. OpenAI numbers tool calls
    ///   0, 1, 2…; Anthropic numbers all blocks, so a text block before the first call would
    ///   otherwise shift it: remember the tool index of each block index.
    /// - Each non-empty `input_json_delta.partial_json` → an arguments fragment under the tool
    ///   index of its block.
    /// - Anything else (thinking, signatures, citations) → nothing: OpenAI's chunks have no place for it.
    ///
    /// - Parameter data: The event's JSON object.
    /// - Returns: The chunks.
    mutating func contentChunks(_ data: JSONObject) -> [ChatChunk] {
        // exercise 2.3 begin: text starts and text_delta → content; tool_use start → ToolCallDelta(index: next tool index, id, type "function", name, arguments ""), remembering block index → tool index; input_json_delta → arguments fragment under the remembered tool index; everything else → []
        return []
        // exercise 2.3 end
    }

    private func chunk(_ delta: MessageDelta, finish: FinishReason? = nil) -> ChatChunk {
        ChatChunk(id: id, created: created, model: model, choices: [ChunkChoice(delta: delta, finishReason: finish)])
    }
}

extension AnthropicStreamTranslator: StreamEventTranslator {
    /// Translates one event for `ChunkStream.translating`.
    /// - Parameter event: The event.
    /// - Returns: The chunks, and whether `message_stop` arrived.
    /// - Throws: The upstream's mid-stream error.
    public mutating func translate(_ event: ReceivedEvent) throws -> (chunks: [ChatChunk], complete: Bool) {
        switch receive(event) {
        case .chunks(let chunks): return (chunks, false)
        case .finished(let chunks): return (chunks, true)
        case .failed(let error): throw error
        }
    }

    /// An Anthropic stream always ends with `message_stop`; a body that ends before it was cut short.
    /// - Throws: Always: `providerError`.
    public mutating func endOfBody() throws -> [ChatChunk] {
        throw GatewayError(.providerError, "The Anthropic provider ended the stream early.")
    }
}
