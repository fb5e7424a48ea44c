// Generated from Sources/SiraProviders/OpenAI/Responses/ResponsesEncoder.swift by scripts/make-starters. Nothing to write here.
// Neutral answers written back as OpenAI's Responses API: a whole answer as a `response` object whose
// `output` holds items (an assistant `message` with `output_text` parts, `function_call`s), and a stream as
// the typed events the SDKs read, in order, each with its `sequence_number`:
//
//   response.created → response.in_progress
//   per item: response.output_item.added
//     message:       response.content_part.added → response.output_text.delta … → response.output_text.done
//                    → response.content_part.done
//     function_call: response.function_call_arguments.delta … → response.function_call_arguments.done
//   response.output_item.done (per item) → response.completed (the whole response, with usage)
//
// A failure after the first event ends the stream with an `error` event; nothing follows it.

import Foundation
import SiraCore

/// Writes neutral answers in the Responses API's shapes.
public enum ResponsesEncoder {
    /// The `response` object for a whole answer.
    /// - Parameters:
    ///   - response: The neutral answer.
    ///   - model: The model name to report when the answer names none.
    /// - Returns: The JSON object.
    public static func response(_ response: ChatResponse, model: String) -> JSONValue {
        var items: [JSONValue] = []
        let choice = response.choices.first
        if let message = choice?.message {
            var parts: [JSONValue] = []
            if let text = message.content?.joinedText, !text.isEmpty { parts.append(outputText(text)) }
            if let refusal = message.refusal, !refusal.isEmpty {
                parts.append(["type": "refusal", "refusal": .string(refusal)])
            }
            if !parts.isEmpty { items.append(messageItem(id: response.id, parts: parts, status: "completed")) }
            for call in message.toolCalls ?? [] {
                items.append(functionCall(id: call.id, name: call.name, arguments: call.arguments, status: "completed"))
            }
        }
        return envelope(
            id: response.id, created: response.created, model: response.model.isEmpty ? model : response.model,
            output: items, finish: choice?.finishReason, usage: response.usage)
    }

    /// The `response` object around its output: status, usage, and the request-side members the SDKs read.
    static func envelope(
        id: String, created: Int64, model: String, output: [JSONValue], finish: FinishReason?, usage: Usage?,
        inProgress: Bool = false
    ) -> JSONValue {
        var object: JSONObject = [
            "id": .string(responseID(id)), "object": "response", "created_at": .integer(created),
            "model": .string(model),
            "output": .array(output), "error": .null, "incomplete_details": .null, "instructions": .null,
            "metadata": [:], "parallel_tool_calls": true, "tool_choice": "auto", "tools": [],
            "text": ["format": ["type": "text"]],
        ]
        if inProgress {
            object["status"] = "in_progress"
        } else if let finish, finish.isCutOff || finish.isFiltered {
            object["status"] = "incomplete"
            object["incomplete_details"] = ["reason": finish.isCutOff ? "max_output_tokens" : "content_filter"]
        } else {
            object["status"] = "completed"
        }
        object["usage"] = usage.map(self.usage) ?? .null
        return .object(object)
    }

    /// Usage in the Responses API's names.
    static func usage(_ usage: Usage) -> JSONValue {
        [
            "input_tokens": .integer(Int64(usage.promptTokens)),
            "output_tokens": .integer(Int64(usage.completionTokens)),
            "total_tokens": .integer(Int64(usage.totalTokens)),
            "input_tokens_details": ["cached_tokens": .integer(Int64(usage.cachedTokens ?? 0))],
            "output_tokens_details": ["reasoning_tokens": .integer(Int64(usage.reasoningTokens ?? 0))],
        ]
    }

    static func outputText(_ text: String) -> JSONValue {
        ["type": "output_text", "text": .string(text), "annotations": []]
    }

    static func messageItem(id: String, parts: [JSONValue], status: String, index: Int = 0) -> JSONValue {
        [
            "type": "message", "id": .string(messageID(id, index: index)), "status": .string(status),
            "role": "assistant", "content": .array(parts),
        ]
    }

    /// A message item's id: `msg_…` from the answer's id, with the output index after the first item, so
    /// two message items of one answer (text after a tool call) never share one.
    static func messageID(_ id: String, index: Int) -> String {
        index == 0 ? "msg_" + stripped(id) : "msg_\(stripped(id))_\(index)"
    }

    static func functionCall(id: String, name: String, arguments: String, status: String) -> JSONValue {
        [
            "type": "function_call", "id": .string("fc_" + stripped(id)), "call_id": .string(id), "name": .string(name),
            "arguments": .string(arguments), "status": .string(status),
        ]
    }

    /// `resp_…` from the upstream's id (`chatcmpl-…`, `msg_…`), so one answer keeps one id.
    static func responseID(_ id: String) -> String { id.hasPrefix("resp_") ? id : "resp_" + stripped(id) }

    static func stripped(_ id: String) -> String {
        for prefix in ["chatcmpl-", "msg_", "resp_"] where id.hasPrefix(prefix) {
            return String(id.dropFirst(prefix.count))
        }
        return id.isEmpty ? "sira" : id
    }
}

/// A stream of neutral chunks as the Responses API's events.
public typealias ResponsesEventStream = EncodedEventStream<ResponsesStreamEncoder>

extension EncodedEventStream where Encoder == ResponsesStreamEncoder {
    /// Creates the event stream.
    /// - Parameters:
    ///   - chunks: The provider's chunks.
    ///   - model: The model name to report until a chunk names one.
    public init(chunks: ChunkStream, model: String) {
        self.init(chunks: chunks, encoder: ResponsesStreamEncoder(model: model))
    }
}

/// The state machine behind `ResponsesEventStream`: chunks in, Responses events out.
public struct ResponsesStreamEncoder: StreamEventEncoding {
    private var sequence = 0
    private var started = false
    private var id = ""
    private var created: Int64 = 0
    private var model: String
    private var output: [JSONValue] = []
    /// The open message item: its output index, its part's kind (`output_text` or `refusal`) and the
    /// part's text so far.
    private var text: (index: Int, kind: String, text: String)?
    /// Open function calls by the chunk's tool-call index: output index, call id, name, arguments.
    private var calls: [Int: (index: Int, id: String, name: String, arguments: String)] = [:]
    private var finishReason: FinishReason?
    private var usage: Usage?

    /// A fresh encoder, one per stream.
    /// - Parameter model: The model name to report until a chunk names one.
    public init(model: String) { self.model = model }

    /// The events for one chunk.
    /// - Parameter chunk: The chunk.
    /// - Returns: The events' bytes (possibly none).
    public mutating func receive(_ chunk: ChatChunk) -> [UInt8] {
        var bytes: [UInt8] = []
        if !started {
            started = true
            id = chunk.id
            created = chunk.created
            if !chunk.model.isEmpty { model = chunk.model }
            let skeleton = ResponsesEncoder.envelope(
                id: id, created: created, model: model, output: [], finish: nil, usage: nil, inProgress: true)
            bytes += event("response.created", ["response": skeleton])
            bytes += event("response.in_progress", ["response": skeleton])
        }
        if let usage = chunk.usage { self.usage = usage }
        guard let choice = chunk.choices.first(where: { $0.index == 0 }) else { return bytes }
        if let content = choice.delta.content, !content.isEmpty { bytes += appendText(content, kind: "output_text") }
        if let refusal = choice.delta.refusal, !refusal.isEmpty { bytes += appendText(refusal, kind: "refusal") }
        for delta in choice.delta.toolCalls ?? [] {
            if calls[delta.index] == nil {
                bytes += closeText()
                let index = output.count
                output.append(.null)
                let callID = delta.id ?? "call_\(delta.index)"
                let name = delta.name ?? ""
                calls[delta.index] = (index, callID, name, "")
                let item = ResponsesEncoder.functionCall(id: callID, name: name, arguments: "", status: "in_progress")
                bytes += event("response.output_item.added", ["output_index": .integer(Int64(index)), "item": item])
            }
            if let piece = delta.arguments, !piece.isEmpty, let call = calls[delta.index] {
                calls[delta.index]?.arguments += piece
                bytes += event(
                    "response.function_call_arguments.delta",
                    [
                        "item_id": .string("fc_" + ResponsesEncoder.stripped(call.id)),
                        "output_index": .integer(Int64(call.index)), "delta": .string(piece),
                    ])
            }
        }
        if let reason = choice.finishReason { finishReason = reason }
        return bytes
    }

    /// The events for one chunk (`StreamEventEncoding`).
    /// - Parameter chunk: The chunk.
    /// - Returns: The events' bytes.
    public mutating func encode(_ chunk: ChatChunk) -> [UInt8] { receive(chunk) }

    /// The events that end a stream well (`StreamEventEncoding`).
    /// - Returns: The events' bytes.
    public mutating func encodeEnd() -> [UInt8] { finish() }

    /// The error event (`StreamEventEncoding`).
    /// - Parameter failure: The failure.
    /// - Returns: The event's bytes.
    public mutating func encodeFailure(_ failure: GatewayError) -> [UInt8] { fail(failure) }

    /// The events that end a stream well: open items done, then `response.completed`.
    /// - Returns: The events' bytes.
    public mutating func finish() -> [UInt8] {
        var bytes: [UInt8] = []
        if !started { bytes += receive(ChatChunk(id: "", created: 0, model: model, choices: [])) }
        bytes += closeText()
        for (_, call) in calls.sorted(by: { $0.value.index < $1.value.index }) {
            let item = ResponsesEncoder.functionCall(
                id: call.id, name: call.name, arguments: call.arguments, status: "completed")
            let itemID = "fc_" + ResponsesEncoder.stripped(call.id)
            bytes += event(
                "response.function_call_arguments.done",
                [
                    "item_id": .string(itemID), "output_index": .integer(Int64(call.index)),
                    "arguments": .string(call.arguments),
                ])
            bytes += event("response.output_item.done", ["output_index": .integer(Int64(call.index)), "item": item])
            output[call.index] = item
        }
        calls = [:]
        let response = ResponsesEncoder.envelope(
            id: id, created: created, model: model, output: output, finish: finishReason, usage: usage)
        let cut = finishReason.map { $0.isCutOff || $0.isFiltered } ?? false
        let done = cut ? "response.incomplete" : "response.completed"
        bytes += event(done, ["response": response])
        return bytes
    }

    /// The event that ends a failed stream: `error`, with the failure's code and message.
    /// - Parameter error: The failure.
    /// - Returns: The event's bytes.
    public mutating func fail(_ error: GatewayError) -> [UInt8] {
        let body = error.body(.openAI).objectValue?["error"]?.objectValue ?? [:]
        return event(
            "error",
            [
                "code": body["code"] ?? .null, "message": body["message"] ?? .string(error.message),
                "param": body["param"] ?? .null,
            ])
    }

    /// A text or refusal part's content so far, as the Responses API spells it.
    private static func part(_ kind: String, _ text: String) -> JSONValue {
        kind == "refusal" ? ["type": "refusal", "refusal": .string(text)] : ResponsesEncoder.outputText(text)
    }

    /// Adds text (or a refusal) to the open message item, opening one (after closing one of the other
    /// kind) when needed.
    private mutating func appendText(_ piece: String, kind: String) -> [UInt8] {
        var bytes: [UInt8] = []
        if let open = text, open.kind != kind { bytes += closeText() }
        if text == nil {
            let index = output.count
            output.append(.null)  // filled when the item is done
            text = (index, kind, "")
            let messageID = ResponsesEncoder.messageID(id, index: index)
            let item = ResponsesEncoder.messageItem(id: id, parts: [], status: "in_progress", index: index)
            bytes += event("response.output_item.added", ["output_index": .integer(Int64(index)), "item": item])
            bytes += event(
                "response.content_part.added",
                [
                    "item_id": .string(messageID), "output_index": .integer(Int64(index)), "content_index": 0,
                    "part": Self.part(kind, ""),
                ])
        }
        guard let open = text else { return bytes }
        text?.text += piece
        var delta: JSONObject = [
            "item_id": .string(ResponsesEncoder.messageID(id, index: open.index)),
            "output_index": .integer(Int64(open.index)), "content_index": 0, "delta": .string(piece),
        ]
        if kind == "output_text" { delta["logprobs"] = [] }
        bytes += event(kind == "refusal" ? "response.refusal.delta" : "response.output_text.delta", delta)
        return bytes
    }

    /// Closes the open message item, if there is one.
    private mutating func closeText() -> [UInt8] {
        guard let open = text else { return [] }
        text = nil
        let part = Self.part(open.kind, open.text)
        let item = ResponsesEncoder.messageItem(id: id, parts: [part], status: "completed", index: open.index)
        output[open.index] = item
        let index = JSONValue.integer(Int64(open.index))
        let messageID = JSONValue.string(ResponsesEncoder.messageID(id, index: open.index))
        var done: JSONObject = ["item_id": messageID, "output_index": index, "content_index": 0]
        if open.kind == "refusal" {
            done["refusal"] = .string(open.text)
        } else {
            done["text"] = .string(open.text)
            done["logprobs"] = []
        }
        return event(open.kind == "refusal" ? "response.refusal.done" : "response.output_text.done", done)
            + event(
                "response.content_part.done",
                ["item_id": messageID, "output_index": index, "content_index": 0, "part": part])
            + event("response.output_item.done", ["output_index": index, "item": item])
    }

    /// One event: `event: type`, and its data with `type` and the next `sequence_number`.
    private mutating func event(_ type: String, _ members: JSONObject) -> [UInt8] {
        var data = members
        data["type"] = .string(type)
        data["sequence_number"] = .integer(Int64(sequence))
        sequence += 1
        return Array("event: \(type)\ndata: ".utf8) + JSONValue.object(data).jsonBytes() + Array("\n\n".utf8)
    }
}
