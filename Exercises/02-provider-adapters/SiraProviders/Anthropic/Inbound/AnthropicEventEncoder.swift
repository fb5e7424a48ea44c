// Generated from Sources/SiraProviders/Anthropic/Inbound/AnthropicEventEncoder.swift by scripts/make-starters. Nothing to write here.
// Neutral chunks as Anthropic stream events, as a pure state machine: chunks in, events out
// (Anthropic's Messages API reference). The reverse of `AnthropicStreamTranslator`.
//
// The hard part is that the formats slice an answer differently. OpenAI chunks interleave text
// and tool-call fragments freely; Anthropic wraps each piece of content in a block with a start, deltas
// and a stop, numbered in order. So the encoder keeps one block open at a time, closes it when
// content of another kind (or another tool call) arrives, and holds the stop reason and usage
// until the end, because Anthropic reports both in `message_delta`, after the last block.
//
// Reasoning text (`reasoning_content` from DeepSeek, Qwen, Kimi, GLM…) becomes a `thinking` block, as
// Claude's own extended thinking is streamed: a block with `thinking_delta`s, before the text. Its
// `signature` is empty: only Anthropic can sign thinking, and no other upstream's thinking can be
// verified by Anthropic, so such a block must not be sent back to a Claude model.

import SiraCore

/// One Anthropic stream event: its name and its data.
public struct AnthropicEvent: Hashable, Sendable {
    /// The event name, equal to the data's `type`.
    public var name: String
    /// The event's JSON.
    public var data: JSONValue

    /// The event's bytes: `event: <name>`, `data: <json>`, a blank line.
    public var bytes: [UInt8] { Array("event: \(name)\ndata: ".utf8) + data.jsonBytes() + Array("\n\n".utf8) }
}

/// Translates one neutral chunk stream into Anthropic's events.
public struct AnthropicEventEncoder: Sendable {
    private enum Block: Equatable {
        case thinking
        case text
        case tool(index: Int)
    }

    private let model: String
    private var started = false
    private var open: Block?
    private var blockCount = 0
    private var closedTools: Set<Int> = []
    private var finishReason: FinishReason?
    private var refused = false
    private var usage: Usage?

    /// Creates an encoder.
    /// - Parameter model: The model name reported in `message_start` when the chunks carry none.
    public init(model: String) { self.model = model }

    /// Translates one chunk.
    /// - Parameter chunk: The chunk (only its first choice: Anthropic has one).
    /// - Returns: The events to send.
    /// - Throws: `GatewayError` when a tool call's arguments continue after another block began,
    ///   which Anthropic's format cannot express.
    public mutating func receive(_ chunk: ChatChunk) throws -> [AnthropicEvent] {
        var events: [AnthropicEvent] = []
        if !started {
            started = true
            events.append(messageStart(id: chunk.id, model: chunk.model.isEmpty ? model : chunk.model))
            events.append(AnthropicEvent(name: "ping", data: ["type": "ping"]))
        }
        if let usage = chunk.usage { self.usage = usage }
        guard let choice = chunk.choices.first(where: { $0.index == 0 }) else { return events }
        if let thinking = choice.delta.reasoning, !thinking.isEmpty {
            events += switchTo(.thinking, start: ["type": "thinking", "thinking": "", "signature": ""])
            events.append(delta(["type": "thinking_delta", "thinking": .string(thinking)]))
        }
        for text in [choice.delta.content, choice.delta.refusal].compactMap({ $0 }) where !text.isEmpty {
            events += switchTo(.text, start: ["type": "text", "text": ""])
            events.append(delta(["type": "text_delta", "text": .string(text)]))
        }
        if !(choice.delta.refusal ?? "").isEmpty { refused = true }
        for call in choice.delta.toolCalls ?? [] {
            if open != .tool(index: call.index) {
                guard !closedTools.contains(call.index) else {
                    throw GatewayError(
                        .providerError, "The provider interleaved tool calls in a way Anthropic's stream cannot carry.")
                }
                events += switchTo(
                    .tool(index: call.index),
                    start: [
                        "type": "tool_use", "id": .string(call.id ?? "toolu_\(call.index)"),
                        "name": .string(call.name ?? ""), "input": [:],
                    ])
            }
            if let arguments = call.arguments, !arguments.isEmpty {
                events.append(delta(["type": "input_json_delta", "partial_json": .string(arguments)]))
            }
        }
        if let reason = choice.finishReason { finishReason = reason }
        return events
    }

    /// The events that end a complete stream: the open block's stop, `message_delta` with the stop
    /// reason and usage, and `message_stop`.
    /// - Returns: The events.
    public mutating func finish() -> [AnthropicEvent] {
        var events: [AnthropicEvent] = []
        if !started {
            started = true
            events.append(messageStart(id: "", model: model))
        }
        events += closeBlock()
        var usageObject = AnthropicMessageEncoder.usage(usage).objectValue ?? [:]
        if usage == nil { usageObject = ["output_tokens": 0] }
        events.append(
            AnthropicEvent(
                name: "message_delta",
                data: [
                    "type": "message_delta",
                    "delta": [
                        "stop_reason": .string(AnthropicMessageEncoder.stopReason(finishReason)),
                        "stop_sequence": .null,
                    ],
                    "usage": .object(usageObject),
                ]))
        events.append(AnthropicEvent(name: "message_stop", data: ["type": "message_stop"]))
        return events
    }

    /// The event that ends a failed stream: `event: error` with Anthropic's error body, which the
    /// official SDKs raise as an API error. Nothing follows it.
    /// - Parameter error: The failure.
    /// - Returns: The event.
    public static func errorEvent(_ error: GatewayError) -> AnthropicEvent {
        AnthropicEvent(name: "error", data: error.body(.anthropic))
    }

    private func messageStart(id: String, model: String) -> AnthropicEvent {
        AnthropicEvent(
            name: "message_start",
            data: [
                "type": "message_start",
                "message": [
                    "id": .string(AnthropicMessageEncoder.messageID(id)), "type": "message", "role": "assistant",
                    "content": [], "model": .string(model), "stop_reason": .null, "stop_sequence": .null,
                    "usage": ["input_tokens": 0, "output_tokens": 0],
                ],
            ])
    }

    private mutating func switchTo(_ block: Block, start: JSONValue) -> [AnthropicEvent] {
        guard open != block else { return [] }
        var events = closeBlock()
        open = block
        events.append(
            AnthropicEvent(
                name: "content_block_start",
                data: ["type": "content_block_start", "index": .integer(Int64(blockCount)), "content_block": start]))
        return events
    }

    private mutating func closeBlock() -> [AnthropicEvent] {
        guard let block = open else { return [] }
        if case .tool(let index) = block { closedTools.insert(index) }
        open = nil
        blockCount += 1
        return [
            AnthropicEvent(
                name: "content_block_stop",
                data: ["type": "content_block_stop", "index": .integer(Int64(blockCount - 1))])
        ]
    }

    private func delta(_ delta: JSONValue) -> AnthropicEvent {
        AnthropicEvent(
            name: "content_block_delta",
            data: ["type": "content_block_delta", "index": .integer(Int64(blockCount)), "delta": delta])
    }
}

/// Neutral chunks as Anthropic's `text/event-stream` bytes. A stream that fails ends with an
/// `error` event and no `message_stop`, so a client never mistakes a cut answer for a complete one.
public typealias AnthropicEventStream = EncodedEventStream<AnthropicEventEncoder>

extension EncodedEventStream where Encoder == AnthropicEventEncoder {
    /// Creates the event stream.
    /// - Parameters:
    ///   - chunks: The provider's chunks.
    ///   - model: The model name for `message_start` when the chunks carry none.
    public init(chunks: ChunkStream, model: String) {
        self.init(chunks: chunks, encoder: AnthropicEventEncoder(model: model))
    }
}

extension AnthropicEventEncoder: StreamEventEncoding {
    /// A chunk's events, as bytes.
    /// - Parameter chunk: The chunk.
    /// - Returns: The bytes.
    /// - Throws: What `receive(_:)` throws.
    public mutating func encode(_ chunk: ChatChunk) throws -> [UInt8] { try receive(chunk).flatMap(\.bytes) }

    /// The closing events, as bytes.
    /// - Returns: The bytes.
    public mutating func encodeEnd() -> [UInt8] { finish().flatMap(\.bytes) }

    /// The error event, as bytes.
    /// - Parameter failure: The failure.
    /// - Returns: The bytes.
    public mutating func encodeFailure(_ failure: GatewayError) -> [UInt8] { Self.errorEvent(failure).bytes }
}
