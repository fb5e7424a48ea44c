// Generated from Sources/SiraProviders/Anthropic/ForcedJSONTool.swift by scripts/make-starters. Nothing to write here.
// JSON mode for Claude models. OpenAI's `response_format` asks for an answer that is JSON (`json_object`) or
// that matches a schema (`json_schema`). Anthropic's structured outputs (`output_config.format`) serve a
// schema on the models that have them; for the rest, and for `json_object` (which has no schema to give),
// the answer is forced through a tool: one tool whose input schema is the requested schema, and
// `tool_choice` naming it, so the model must "call" it; the call's input is the JSON, returned to the
// client as the message's content. (LiteLLM calls the tool `json_tool_call`; so does Sira.)

import SiraCore

/// The forced-tool technique for `response_format` on Claude models, both ways: the tool and its
/// `tool_choice` in the request, and the call turned back into content in the answer.
public enum ForcedJSONTool {
    /// The tool's name.
    public static let name = "json_tool_call"

    /// Whether a Claude model has structured outputs (`output_config.format`): every Claude from the 4.1
    /// and 4.5 generations on. Claude 3.x and the first Claude 4 models (`claude-sonnet-4-0`,
    /// `claude-opus-4-0`, their dated names) do not, and get the forced tool for a schema too.
    /// - Parameter model: The upstream model.
    /// - Returns: Whether a `json_schema` can go to it as structured output.
    public static func hasStructuredOutputs(_ model: String) -> Bool {
        let name = model.lowercased()
        if name.hasPrefix("claude-3") || name.contains("claude-2") || name.contains("claude-instant") { return false }
        for family in ["claude-sonnet-4", "claude-opus-4"] where name.hasPrefix(family) {
            let rest = name.dropFirst(family.count)
            // `claude-opus-4-1…` and later have them; `claude-opus-4`, `-4-0`, `-4-2025…` do not.
            return !(rest.isEmpty || rest.hasPrefix("-0") || rest.hasPrefix("-2025") || rest.hasPrefix("@"))
        }
        return true
    }

    /// Whether a request's `response_format` is served by the forced tool on a model.
    /// - Parameters:
    ///   - request: The request.
    ///   - model: The upstream model.
    /// - Returns: `true` for `json_object`, and for `json_schema` on a model without structured outputs.
    public static func applies(to request: ChatRequest, model: String) -> Bool {
        switch request.responseFormat {
        case .jsonObject?: return true
        case .jsonSchema?: return !hasStructuredOutputs(model)
        default: return false
        }
    }

    /// The tool and the `tool_choice` that forces it.
    /// - Parameter format: The requested format.
    /// - Returns: The Anthropic `tools` entry and `tool_choice`.
    static func members(for format: ResponseFormat?) -> (tool: JSONValue, choice: JSONValue) {
        var schema: JSONValue = ["type": "object"]
        var description = "Respond with a JSON object."
        if case .jsonSchema(let requested)? = format {
            schema = requested.schema ?? schema
            description = "Respond with a JSON object that matches the schema '\(requested.name)'."
        }
        let tool: JSONValue = ["name": .string(name), "description": .string(description), "input_schema": schema]
        return (tool, ["type": "tool", "name": .string(name)])
    }

    /// A whole answer with the forced call turned into content: the call's arguments (its input, as
    /// JSON text) become the message's text, the call goes, and the finish reason is `stop`.
    /// - Parameter response: The translated answer.
    /// - Returns: The answer as the client asked for it.
    public static func unwrap(_ response: ChatResponse) -> ChatResponse {
        var response = response
        for index in response.choices.indices {
            var choice = response.choices[index]
            guard let calls = choice.message.toolCalls, let call = calls.first(where: { $0.name == name }) else {
                continue
            }
            choice.message.content = .text(call.arguments)
            let rest = calls.filter { $0.name != name }
            choice.message.toolCalls = rest.isEmpty ? nil : rest
            if choice.finishReason == .toolCalls { choice.finishReason = .stop }
            response.choices[index] = choice
        }
        return response
    }

    /// Turns a stream's forced call into content, chunk by chunk: the call's start disappears, its
    /// argument fragments become text, and a `tool_calls` finish becomes `stop`.
    public struct StreamUnwrapper: Sendable {
        private var forcedIndexes: Set<Int> = []

        /// A fresh unwrapper, one per stream.
        public init() {}

        /// One chunk, unwrapped.
        /// - Parameter chunk: The translated chunk.
        /// - Returns: The chunk as the client asked for it.
        public mutating func unwrap(_ chunk: ChatChunk) -> ChatChunk {
            var chunk = chunk
            for index in chunk.choices.indices {
                var choice = chunk.choices[index]
                if let calls = choice.delta.toolCalls {
                    var text = ""
                    var rest: [ToolCallDelta] = []
                    for call in calls {
                        if call.name == ForcedJSONTool.name { forcedIndexes.insert(call.index) }
                        if forcedIndexes.contains(call.index) {
                            text += call.arguments ?? ""
                        } else {
                            rest.append(call)
                        }
                    }
                    choice.delta.toolCalls = rest.isEmpty ? nil : rest
                    if !text.isEmpty { choice.delta.content = (choice.delta.content ?? "") + text }
                }
                if choice.finishReason == .toolCalls, !forcedIndexes.isEmpty { choice.finishReason = .stop }
                chunk.choices[index] = choice
            }
            return chunk
        }
    }
}

/// A stream with the forced call unwrapped (`ForcedJSONTool.StreamUnwrapper`).
struct ForcedJSONToolStream: AsyncSequence, Sendable {
    typealias Element = ChatChunk
    let base: ChunkStream

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: ChunkStream.AsyncIterator
        var unwrapper = ForcedJSONTool.StreamUnwrapper()

        mutating func next() async throws -> ChatChunk? {
            guard let chunk = try await base.next() else { return nil }
            return unwrapper.unwrap(chunk)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }
}
