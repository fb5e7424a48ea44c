// OpenAI's Responses API requests (`POST /v1/responses`, what the Agents SDK and `client.responses.create`
// send) into the neutral model, so any provider can answer them. The Responses API is the chat API reshaped
// around items: the conversation is a list of input items (messages, function calls, function call outputs),
// the system prompt is `instructions`, tools are flat (`{"type":"function","name":…}`), and the output limit
// is `max_output_tokens`. It is also stateful (`previous_response_id`, `store`): the server may keep a
// conversation and continue it. Sira keeps no responses, so on this (the translated) path those members are
// refused by name; a single deployment that serves the Responses API itself gets the body as it is.

import SiraCore

/// Decodes Responses API requests into the neutral `ChatRequest`.
///
/// The request is rewritten as the equivalent chat completions request and decoded by the same decoder
/// the chat endpoint uses, so every rule of the neutral model (roles, content parts, tools, formats)
/// applies once; the rewriting checks the Responses shapes itself, so a mistake is named as the client
/// wrote it (`input[2].call_id`), not as the chat request it became.
public enum ResponsesRequestDecoder {
    /// Top-level members that are translated.
    static let known: Set<String> = [
        "model", "input", "instructions", "tools", "tool_choice", "max_output_tokens", "temperature", "top_p",
        "text", "metadata", "stream", "store", "parallel_tool_calls", "user", "include", "truncation", "reasoning",
    ]

    /// Decodes a request body.
    /// - Parameter body: The body as received.
    /// - Returns: The neutral request.
    /// - Throws: `GatewayError` (400) naming the member that is missing, of the wrong type, or cannot be
    ///   served (`previous_response_id`, `store: true`, tools that are not functions, unknown members).
    public static func decode(_ body: [UInt8]) throws -> ChatRequest {
        guard let value = try? JSONValue(parsing: body) else {
            throw GatewayError(.invalidJSON, "The request body is not valid JSON.")
        }
        guard let object = value.objectValue else {
            throw GatewayError(.invalidRequest, "The request body must be a JSON object.")
        }
        let chat = try chatRequest(object)
        do {
            // Decoded from the tree as built: writing it out and parsing it again would cost a second parse.
            return try SiraJSON.decode(ChatRequest.self, from: JSONValue.object(chat))
        } catch let error as DecodingError {
            throw GatewayError(decoding: error)
        }
    }

    /// The equivalent chat completions request.
    static func chatRequest(_ object: JSONObject) throws -> JSONObject {
        if object["previous_response_id"] != nil, object["previous_response_id"] != .null {
            throw GatewayError(
                .unsupportedParameter,
                "'previous_response_id' needs responses stored by the gateway, and Sira stores none: send the whole conversation in 'input'.",
                param: "previous_response_id")
        }
        if object["store"] == .bool(true) {
            throw GatewayError(
                .unsupportedParameter, "'store': true is not supported: Sira stores no responses. Send 'store': false.",
                param: "store")
        }
        for key in object.keys.sorted() where !known.contains(key) {
            throw GatewayError(
                .unsupportedParameter, "'\(key)' cannot be translated by Sira's Responses API.", param: key)
        }
        // Members clients such as the Agents SDK send with their defaults: accepted when they ask for nothing
        // the neutral model cannot give.
        if let include = object["include"], include != .null, include.arrayValue?.isEmpty != true {
            throw GatewayError(
                .unsupportedParameter, "'include' cannot be translated: Sira returns no extra output data.",
                param: "include")
        }
        if let truncation = object["truncation"], truncation != .null, truncation != "disabled" {
            throw GatewayError(
                .unsupportedParameter, "'truncation' other than 'disabled' cannot be translated.", param: "truncation")
        }
        guard let model = object["model"]?.stringValue else {
            throw invalid("model", object["model"] == nil ? "is required" : "must be a string")
        }
        var chat: JSONObject = ["model": .string(model)]
        var messages: [JSONValue] = []
        switch object["instructions"] {
        case nil, .null?: break
        case .string(let text)?: messages.append(["role": "system", "content": .string(text)])
        default: throw invalid("instructions", "must be a string")
        }
        switch object["input"] {
        case .string(let text)?: messages.append(["role": "user", "content": .string(text)])
        case .array(let items)?: messages += try self.messages(items)
        case nil: throw invalid("input", "is required")
        default: throw invalid("input", "must be a string or an array of items")
        }
        chat["messages"] = .array(messages)
        // An agent without tools sends `tools: []`; chat APIs refuse an empty list, and a tool choice or
        // parallel calls without tools.
        var hasTools = false
        if let tools = object["tools"], tools != .null {
            guard let list = tools.arrayValue else { throw invalid("tools", "must be an array") }
            if !list.isEmpty {
                chat["tools"] = .array(try list.enumerated().map { try tool($1, at: $0) })
                hasTools = true
            }
        }
        if let choice = object["tool_choice"], choice != .null, hasTools {
            chat["tool_choice"] = try toolChoice(choice)
        }
        // `max_tokens`, which every chat server knows; OpenAI and Azure providers send it on as
        // `max_completion_tokens` (`OpenAIProvider.sendsMaxCompletionTokens`).
        if let limit = object["max_output_tokens"], limit != .null { chat["max_tokens"] = limit }
        for key in ["temperature", "top_p", "metadata", "user"] {
            if let value = object[key], value != .null { chat[key] = value }
        }
        if hasTools, let parallel = object["parallel_tool_calls"], parallel != .null {
            chat["parallel_tool_calls"] = parallel
        }
        if let reasoning = object["reasoning"]?.objectValue {
            if let summary = reasoning["summary"], summary != .null {
                throw GatewayError(
                    .unsupportedParameter,
                    "'reasoning.summary' cannot be translated: no provider returns one through Sira.",
                    param: "reasoning.summary")
            }
            if let effort = reasoning["effort"], effort != .null { chat["reasoning_effort"] = effort }
        }
        if let format = object["text"]?.objectValue?["format"] { chat["response_format"] = try responseFormat(format) }
        if object["stream"] == .bool(true) {
            chat["stream"] = true
            chat["stream_options"] = ["include_usage": true]  // `response.completed` reports usage
        }
        return chat
    }

    /// Input items as chat messages: messages keep their role (content parts renamed), consecutive
    /// function calls become one assistant message's tool calls, a function call output a tool message.
    static func messages(_ items: [JSONValue]) throws -> [JSONValue] {
        var messages: [JSONValue] = []
        var pendingCalls: [JSONValue] = []
        func flushCalls() {
            guard !pendingCalls.isEmpty else { return }
            messages.append(["role": "assistant", "content": .null, "tool_calls": .array(pendingCalls)])
            pendingCalls = []
        }
        for (index, item) in items.enumerated() {
            let path = "input[\(index)]"
            guard let object = item.objectValue else { throw invalid(path, "must be an object") }
            switch object["type"]?.stringValue ?? "message" {
            case "message":
                flushCalls()
                guard let role = object["role"]?.stringValue,
                    ["user", "assistant", "system", "developer"].contains(role)
                else { throw invalid("\(path).role", "must be user, assistant, system or developer") }
                messages.append([
                    "role": .string(role), "content": try content(object["content"], at: "\(path).content"),
                ])
            case "function_call":
                guard let id = object["call_id"]?.stringValue else { throw invalid("\(path).call_id", "is required") }
                guard let name = object["name"]?.stringValue else { throw invalid("\(path).name", "is required") }
                let arguments = object["arguments"]?.stringValue ?? "{}"
                pendingCalls.append([
                    "id": .string(id), "type": "function",
                    "function": ["name": .string(name), "arguments": .string(arguments)],
                ])
            case "function_call_output":
                flushCalls()
                guard let id = object["call_id"]?.stringValue else { throw invalid("\(path).call_id", "is required") }
                let output: JSONValue
                switch object["output"] {
                case .string(let text)?: output = .string(text)
                case .array(let parts)?: output = try content(.array(parts), at: "\(path).output")
                default: throw invalid("\(path).output", "must be a string or an array of content parts")
                }
                messages.append(["role": "tool", "tool_call_id": .string(id), "content": output])
            case let other:
                throw GatewayError(
                    .unsupportedParameter, "Input items of type '\(other)' cannot be translated.", param: "\(path).type"
                )
            }
        }
        flushCalls()
        return messages
    }

    /// A message's content: a string, or parts (`input_text`, `output_text`, `input_image`).
    static func content(_ value: JSONValue?, at path: String) throws -> JSONValue {
        switch value {
        case .string(let text)?: return .string(text)
        case .array(let parts)?:
            return .array(
                try parts.enumerated().map { index, part -> JSONValue in
                    let object = part.objectValue ?? [:]
                    switch object["type"]?.stringValue {
                    case "input_text", "output_text", "text":
                        guard let text = object["text"]?.stringValue else {
                            throw invalid("\(path)[\(index)].text", "is required")
                        }
                        return ["type": "text", "text": .string(text)]
                    case "refusal":
                        // An earlier answer's refusal, sent back as part of the conversation.
                        return ["type": "refusal", "refusal": object["refusal"] ?? ""]
                    case "input_image":
                        guard let url = object["image_url"]?.stringValue else {
                            throw GatewayError(
                                .unsupportedParameter, "Only images given by 'image_url' can be translated.",
                                param: "\(path)[\(index)].image_url")
                        }
                        var image: JSONObject = ["url": .string(url)]
                        if let detail = object["detail"], detail != .null { image["detail"] = detail }
                        return ["type": "image_url", "image_url": .object(image)]
                    default:
                        throw GatewayError(
                            .unsupportedParameter,
                            "Content parts of type '\(object["type"]?.stringValue ?? "?")' cannot be translated.",
                            param: "\(path)[\(index)].type")
                    }
                })
        default: throw invalid(path, "must be a string or an array of content parts")
        }
    }

    /// A flat function tool as a chat tool.
    static func tool(_ value: JSONValue, at index: Int) throws -> JSONValue {
        guard let object = value.objectValue, object["type"]?.stringValue == "function" else {
            throw GatewayError(
                .unsupportedParameter,
                "Only function tools can be translated; '\(value.objectValue?["type"]?.stringValue ?? "?")' cannot.",
                param: "tools[\(index)].type")
        }
        guard let name = object["name"]?.stringValue else { throw invalid("tools[\(index)].name", "is required") }
        var function: JSONObject = ["name": .string(name)]
        for key in ["description", "parameters", "strict"] {
            if let member = object[key], member != .null { function[key] = member }
        }
        return ["type": "function", "function": .object(function)]
    }

    /// `auto`, `none`, `required`, or `{"type":"function","name":…}`.
    static func toolChoice(_ value: JSONValue) throws -> JSONValue {
        if let text = value.stringValue, ["auto", "none", "required"].contains(text) { return value }
        if let object = value.objectValue, object["type"]?.stringValue == "function",
            let name = object["name"]?.stringValue
        {
            return ["type": "function", "function": ["name": .string(name)]]
        }
        throw GatewayError(
            .unsupportedParameter, "This 'tool_choice' cannot be translated.", param: "tool_choice")
    }

    /// `text.format`: `text`, `json_object`, or `json_schema` with its name and schema at the top.
    static func responseFormat(_ value: JSONValue) throws -> JSONValue {
        guard let object = value.objectValue, let type = object["type"]?.stringValue else {
            throw invalid("text.format", "must be an object with a type")
        }
        switch type {
        case "text", "json_object": return ["type": .string(type)]
        case "json_schema":
            guard let name = object["name"]?.stringValue else { throw invalid("text.format.name", "is required") }
            var schema: JSONObject = ["name": .string(name)]
            for key in ["schema", "strict", "description"] {
                if let member = object[key], member != .null { schema[key] = member }
            }
            return ["type": "json_schema", "json_schema": .object(schema)]
        default:
            throw GatewayError(
                .unsupportedParameter, "The text format '\(type)' cannot be translated.", param: "text.format.type")
        }
    }

    static func invalid(_ param: String, _ problem: String) -> GatewayError {
        GatewayError(.invalidRequest, "'\(param)' \(problem).", param: param)
    }
}
