// Generated from Sources/SiraProviders/Anthropic/Inbound/AnthropicRequestDecoder.swift by scripts/make-starters. Nothing to write here.
// Anthropic Messages requests (what Anthropic SDK clients send to /v1/messages) into the neutral,
// OpenAI-shaped model, so any provider can answer them (Anthropic's Messages API reference).
// This is chapter 02's mapping run backwards: tool results leave the user turn and become tool
// messages, tool_use blocks become tool calls, the top-level system prompt becomes a system message.

import SiraCore

/// A decoded `/v1/messages` request.
public struct AnthropicInboundRequest: Sendable {
    /// The request in the neutral model.
    public var request: ChatRequest
    /// Members with no neutral equivalent. Harmless when the upstream is Anthropic (the body is
    /// forwarded as received); refused by name when the request must be translated.
    public var untranslatable: [String]
    /// Members whose loss only changes cost or bookkeeping (`cache_control`), dropped when
    /// translating and named in the `x-sira-dropped` response header.
    public var droppable: [String]
}

/// Decodes Anthropic Messages requests into the neutral model.
public enum AnthropicRequestDecoder {
    /// Top-level members the decoder understands.
    static let known: Set<String> = [
        "model", "max_tokens", "messages", "system", "stop_sequences", "temperature", "top_p", "top_k", "stream",
        "tools", "tool_choice", "metadata", "thinking", "output_config", "cache_control",
    ]

    /// Decodes a request body.
    /// - Parameter body: The body as received.
    /// - Returns: The neutral request with what could not be translated.
    /// - Throws: `GatewayError` (400) naming the member that is missing or of the wrong type.
    public static func decode(_ body: [UInt8]) throws -> AnthropicInboundRequest {
        guard let value = try? JSONValue(parsing: body) else {
            throw GatewayError(.invalidJSON, "The request body is not valid JSON.")
        }
        guard let object = value.objectValue else {
            throw GatewayError(.invalidRequest, "The request body must be a JSON object.")
        }
        var decoder = Decoding()
        return try decoder.decode(object)
    }

    private struct Decoding {
        var untranslatable: [String] = []
        var droppable: Set<String> = []

        mutating func decode(_ object: JSONObject) throws -> AnthropicInboundRequest {
            guard let model = object["model"]?.stringValue else {
                throw invalid("model", object["model"] == nil ? "is required" : "must be a string")
            }
            guard let maxTokens = object["max_tokens"]?.intValue, maxTokens >= 0 else {
                throw invalid("max_tokens", object["max_tokens"] == nil ? "is required" : "must be an integer")
            }
            guard let messages = object["messages"]?.arrayValue else {
                throw invalid("messages", object["messages"] == nil ? "is required" : "must be an array")
            }
            var neutral: [ChatMessage] = []
            switch object["system"] {
            case nil, .null?: break
            case .string(let text)?: neutral.append(.text(.system, text))
            case .array(let blocks)?:
                let texts = try blocks.enumerated().map { index, block in
                    try text(block, param: "system[\(index)]")
                }
                neutral.append(.text(.system, texts.joined(separator: "\n")))
            default: throw invalid("system", "must be a string or an array of text blocks")
            }
            for (index, message) in messages.enumerated() {
                neutral += try self.message(message, param: "messages[\(index)]")
            }
            var request = ChatRequest(model: model, messages: neutral)
            request.maxTokens = maxTokens
            request.temperature = try number(object, "temperature")
            request.topP = try number(object, "top_p")
            if let topK = object["top_k"] {
                guard let value = topK.intValue else { throw invalid("top_k", "must be an integer") }
                request.topK = value
            }
            if let stop = object["stop_sequences"] {
                guard let values = stop.arrayValue?.compactMap(\.stringValue), values.count == stop.arrayValue?.count
                else { throw invalid("stop_sequences", "must be an array of strings") }
                request.stop = .many(values)
            }
            if let stream = object["stream"] {
                guard case .bool(let value) = stream else { throw invalid("stream", "must be a boolean") }
                request.stream = value
            }
            if let user = object["metadata"]?.objectValue?["user_id"]?.stringValue { request.user = user }
            if let tools = object["tools"] {
                guard let list = tools.arrayValue else { throw invalid("tools", "must be an array") }
                request.tools = try list.enumerated().compactMap { try tool($1, param: "tools[\($0)]") }
            }
            if let choice = object["tool_choice"] { try toolChoice(choice, into: &request) }
            if let thinking = object["thinking"], thinking.objectValue?["type"] != "disabled" {
                untranslatable.append("thinking")
            }
            if let config = object["output_config"]?.objectValue {
                for key in config.keys.sorted() where key != "format" { untranslatable.append("output_config.\(key)") }
                if let format = config["format"]?.objectValue {
                    guard format["type"] == "json_schema", let schema = format["schema"] else {
                        throw invalid("output_config.format", "must be a json_schema format")
                    }
                    request.responseFormat = .jsonSchema(JSONSchemaFormat(name: "output", schema: schema))
                }
            }
            if object["cache_control"] != nil { droppable.insert("cache_control") }
            for key in object.keys.sorted() where !known.contains(key) { untranslatable.append(key) }
            return AnthropicInboundRequest(
                request: request, untranslatable: untranslatable, droppable: droppable.sorted())
        }

        func invalid(_ param: String, _ problem: String) -> GatewayError {
            GatewayError(.invalidRequest, "'\(param)' \(problem).", param: param)
        }

        func number(_ object: JSONObject, _ key: String) throws -> Double? {
            guard let value = object[key] else { return nil }
            guard let number = value.doubleValue else { throw invalid(key, "must be a number") }
            return number
        }

        mutating func text(_ block: JSONValue, param: String) throws -> String {
            guard let block = block.objectValue, block["type"] == "text", let text = block["text"]?.stringValue else {
                throw invalid(param, "must be a text block")
            }
            if block["cache_control"] != nil { droppable.insert("cache_control") }
            return text
        }

        /// One Anthropic turn as one or more neutral messages: tool results become tool messages,
        /// placed before the rest of the user turn (OpenAI wants them right after the tool calls).
        mutating func message(_ value: JSONValue, param: String) throws -> [ChatMessage] {
            guard let object = value.objectValue else { throw invalid(param, "must be an object") }
            let role: Role
            switch object["role"]?.stringValue {
            case "user"?: role = .user
            case "assistant"?: role = .assistant
            default: throw invalid(param + ".role", "must be 'user' or 'assistant'")
            }
            let blocks: [JSONValue]
            switch object["content"] {
            case .string(let text)?: return [.text(role, text)]
            case .array(let list)?: blocks = list
            default: throw invalid(param + ".content", "must be a string or an array of content blocks")
            }
            var parts: [ContentPart] = []
            var calls: [ToolCall] = []
            var results: [ChatMessage] = []
            for (index, block) in blocks.enumerated() {
                let blockParam = "\(param).content[\(index)]"
                guard let block = block.objectValue, let type = block["type"]?.stringValue else {
                    throw invalid(blockParam, "must be a content block")
                }
                if block["cache_control"] != nil { droppable.insert("cache_control") }
                switch (type, role) {
                case ("text", _):
                    parts.append(.text(TextPart(text: block["text"]?.stringValue ?? "")))
                case ("image", .user):
                    if let url = try sourceURL(block, param: blockParam) {
                        parts.append(.image(ImagePart(url: url)))
                    } else {
                        untranslatable.append(blockParam + ".source")
                    }
                case ("document", .user):
                    if let url = try sourceURL(block, param: blockParam) {
                        parts.append(.file(FilePart(fileData: url)))
                    } else {
                        untranslatable.append(blockParam + ".source")
                    }
                case ("tool_result", .user):
                    guard let id = block["tool_use_id"]?.stringValue else {
                        throw invalid(blockParam + ".tool_use_id", "is required")
                    }
                    if block["is_error"] == true { untranslatable.append("\(blockParam).is_error") }
                    let content: String
                    switch block["content"] {
                    case nil, .null?: content = ""
                    case .string(let text)?: content = text
                    case .array(let inner)?:
                        var texts: [String] = []
                        for (innerIndex, item) in inner.enumerated() {
                            if item.objectValue?["type"] == "text" {
                                texts.append(try text(item, param: "\(blockParam).content[\(innerIndex)]"))
                            } else {
                                // Images and documents in a tool result exist only in Anthropic's format.
                                untranslatable.append("\(blockParam).content[\(innerIndex)]")
                            }
                        }
                        content = texts.joined()
                    default: throw invalid(blockParam + ".content", "must be a string or text blocks")
                    }
                    var result = ChatMessage.text(.tool, content)
                    result.toolCallID = id
                    results.append(result)
                case ("tool_use", .assistant):
                    guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                        throw invalid(blockParam, "needs an id and a name")
                    }
                    let input = block["input"] ?? [:]
                    calls.append(
                        ToolCall(id: id, name: name, arguments: String(decoding: input.jsonBytes(), as: UTF8.self)))
                case ("thinking", .assistant), ("redacted_thinking", .assistant):
                    droppable.insert("thinking")
                default:
                    untranslatable.append(blockParam)
                }
            }
            var messages = results
            if !parts.isEmpty || !calls.isEmpty {
                let onlyText = parts.allSatisfy { $0.text != nil }
                let content: MessageContent? =
                    parts.isEmpty ? nil : onlyText ? .text(parts.compactMap(\.text).joined()) : .parts(parts)
                messages.append(ChatMessage(role: role, content: content, toolCalls: calls.isEmpty ? nil : calls))
            }
            return messages
        }

        /// An image or document source as a URL: base64 data becomes a data URL; `nil` for sources
        /// only Anthropic understands (`file`, `text`, `content`), which the caller lists as untranslatable.
        func sourceURL(_ block: JSONObject, param: String) throws -> String? {
            guard let source = block["source"]?.objectValue else { throw invalid(param + ".source", "is required") }
            switch source["type"]?.stringValue {
            case "base64"?:
                guard let mediaType = source["media_type"]?.stringValue, let data = source["data"]?.stringValue else {
                    throw invalid(param + ".source", "needs media_type and data")
                }
                return "data:\(mediaType);base64,\(data)"
            case "url"?:
                guard let url = source["url"]?.stringValue else { throw invalid(param + ".source.url", "is required") }
                return url
            default:
                return nil
            }
        }

        mutating func tool(_ value: JSONValue, param: String) throws -> ToolDefinition? {
            guard let object = value.objectValue, let name = object["name"]?.stringValue else {
                throw invalid(param, "must be a tool with a name")
            }
            if let type = object["type"]?.stringValue, type != "custom" {
                untranslatable.append(param)  // server tools (web search, code execution…) exist only at Anthropic
                return nil
            }
            if object["cache_control"] != nil { droppable.insert("cache_control") }
            return .function(
                FunctionTool(
                    name: name,
                    description: object["description"]?.stringValue,
                    parameters: object["input_schema"],
                    strict: { if case .bool(let strict)? = object["strict"] { strict } else { nil } }()
                ))
        }

        func toolChoice(_ value: JSONValue, into request: inout ChatRequest) throws {
            guard let object = value.objectValue else { throw invalid("tool_choice", "must be an object") }
            switch object["type"]?.stringValue {
            case "auto"?: request.toolChoice = .auto
            case "any"?: request.toolChoice = .required
            case "none"?: request.toolChoice = ChatRequest.ToolChoiceNone.value
            case "tool"?:
                guard let name = object["name"]?.stringValue else { throw invalid("tool_choice.name", "is required") }
                request.toolChoice = .function(name: name)
            default: throw invalid("tool_choice.type", "must be auto, any, tool or none")
            }
            if object["disable_parallel_tool_use"] == true { request.parallelToolCalls = false }
        }
    }
}

extension ChatRequest {
    /// `ToolChoice.none`, spelled without clashing with `Optional.none`.
    enum ToolChoiceNone {
        static let value = ToolChoice.none
    }
}
