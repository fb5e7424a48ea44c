// OpenAI-shaped (neutral) chat requests to Anthropic's Messages API, as its reference documents
// the request. Whatever cannot be translated is refused with a 400 that names it:
// a gateway that silently drops `n`, audio or logprobs gives answers the caller did not ask for.

import SiraCore

/// Translates a neutral `ChatRequest` into an Anthropic Messages request body.
public enum AnthropicRequestTranslator {
    /// Translates a request.
    ///
    /// - System and developer messages, wherever they are, become the top-level `system` (joined
    ///   with newlines, as Anthropic's own compatibility layer does).
    /// - Tool results become `tool_result` blocks in a user turn; consecutive turns of the same role
    ///   are merged, so `user` and `assistant` alternate as Anthropic expects.
    /// - `max_tokens` is required by Anthropic: the client's limit, else `defaultMaxTokens`.
    /// - Images: data URLs become base64 sources (JPEG, PNG, GIF, WebP only), other URLs URL sources.
    ///
    /// - Parameters:
    ///   - request: The neutral request.
    ///   - model: The upstream model.
    ///   - defaultMaxTokens: The output limit when the client set none.
    /// - Returns: The Anthropic request body.
    /// - Throws: `GatewayError` of kind `unsupportedParameter` naming a member that cannot be translated.
    public static func translate(_ request: ChatRequest, model: String, defaultMaxTokens: Int = 4096) throws
        -> JSONValue
    {
        try rejectUntranslatable(request)
        var body: JSONObject = [
            "model": .string(model),
            "max_tokens": .integer(Int64(request.outputTokenLimit ?? defaultMaxTokens)),
        ]
        let (system, turns) = try conversation(request.messages)
        body["messages"] = .array(turns.map { .object(["role": .string($0.role), "content": .array($0.content)]) })
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n")) }
        if let temperature = request.temperature { body["temperature"] = .double(min(max(temperature, 0), 1)) }
        if let topP = request.topP { body["top_p"] = .double(topP) }
        if let topK = request.topK { body["top_k"] = .integer(Int64(topK)) }
        if let stop = request.stop { body["stop_sequences"] = .array(stop.values.map(JSONValue.string)) }
        if request.isStreaming { body["stream"] = true }
        if let user = request.user { body["metadata"] = ["user_id": .string(user)] }
        if let tools = request.tools, !tools.isEmpty {
            body["tools"] = .array(try tools.enumerated().map { try tool($1, param: "tools[\($0)]") })
            if let choice = toolChoice(request.toolChoice, parallel: request.parallelToolCalls) {
                body["tool_choice"] = choice
            }
        }
        if ForcedJSONTool.applies(to: request, model: model) {
            // JSON mode through a forced tool (`ForcedJSONTool`): it takes the tools and the tool choice.
            if let tools = request.tools, !tools.isEmpty {
                throw GatewayError(
                    .unsupportedParameter,
                    "'response_format' together with 'tools' cannot be served on '\(model)': its JSON mode is a forced tool call.",
                    param: "response_format")
            }
            let forced = ForcedJSONTool.members(for: request.responseFormat)
            body["tools"] = [forced.tool]
            body["tool_choice"] = forced.choice
        } else if case .jsonSchema(let format)? = request.responseFormat {
            body["output_config"] = ["format": ["type": "json_schema", "schema": format.schema ?? ["type": "object"]]]
        }
        return .object(body)
    }

    /// One Anthropic turn: a role and its content blocks.
    public struct Turn: Hashable, Sendable {
        /// `user` or `assistant`.
        public var role: String
        /// The turn's content blocks.
        public var content: [JSONValue]

        /// Creates a turn.
        /// - Parameters:
        ///   - role: `user` or `assistant`.
        ///   - content: The content blocks.
        public init(role: String, content: [JSONValue]) {
            self.role = role
            self.content = content
        }
    }

    /// The conversation in Anthropic's shape: system and developer texts hoisted out of the
    /// messages (in order), and turns in which `user` and `assistant` alternate.
    ///
    /// - A user message's content becomes blocks (`contentBlocks(_:at:)`).
    /// - An assistant message's content and its tool calls (`toolUse(_:param:)`) share one turn.
    /// - A tool message becomes a `tool_result` block (its `tool_call_id` as `tool_use_id`, its
    ///   text as content) in a *user* turn: Anthropic has no tool role.
    /// - Consecutive turns of the same role are merged into one; empty turns are left out.
    ///
    /// - Parameter messages: The neutral messages.
    /// - Returns: The system texts and the turns.
    /// - Throws: `GatewayError`: a tool message without `tool_call_id` (`invalidRequest`), a role
    ///   Anthropic has no place for (`unsupportedParameter`), both naming `messages[i]…`.
    public static func conversation(_ messages: [ChatMessage]) throws -> (system: [String], turns: [Turn]) {
        // exercise 2.2 begin: hoist system/developer text; user → blocks; assistant → blocks + tool_use; tool → a tool_result block in a user turn (tool_call_id required); merge consecutive same-role turns; other roles → unsupportedParameter naming messages[i].role
        var system: [String] = []
        var turns: [Turn] = []
        func append(_ role: String, _ blocks: [JSONValue]) {
            guard !blocks.isEmpty else { return }
            if turns.last?.role == role {
                turns[turns.count - 1].content += blocks
            } else {
                turns.append(Turn(role: role, content: blocks))
            }
        }
        for (index, message) in messages.enumerated() {
            switch message.role {
            case .system, .developer:
                system.append(message.content?.joinedText ?? "")
            case .user:
                append("user", try contentBlocks(message.content, at: index))
            case .assistant:
                var blocks = try contentBlocks(message.content, at: index)
                for (callIndex, call) in (message.toolCalls ?? []).enumerated() {
                    blocks.append(try toolUse(call, param: "messages[\(index)].tool_calls[\(callIndex)]"))
                }
                append("assistant", blocks)
            case .tool:
                guard let id = message.toolCallID else {
                    throw GatewayError(
                        .invalidRequest, "A tool message needs tool_call_id.", param: "messages[\(index)].tool_call_id")
                }
                let result: JSONObject = [
                    "type": "tool_result", "tool_use_id": .string(id),
                    "content": .string(message.content?.joinedText ?? ""),
                ]
                append("user", [.object(result)])
            default:
                throw GatewayError(
                    .unsupportedParameter,
                    "The role '\(message.role)' cannot be sent to an Anthropic model.",
                    param: "messages[\(index)].role"
                )
            }
        }
        return (system, turns)
        // stub: return ([], [])
        // exercise 2.2 end
    }

    /// Members with no Anthropic equivalent. Each is refused by name (principle: never drop silently).
    /// Members refused by name (their loss would change the answer).
    static let refused: Set<String> = ["logprobs", "top_logprobs", "logit_bias", "audio", "modalities", "prediction"]

    static func rejectUntranslatable(_ request: ChatRequest) throws {
        try ThinkingSwitches.refuseEnabling(request, for: "an Anthropic model")
        if let n = request.n, n != 1 {
            throw GatewayError(.unsupportedParameter, "Anthropic models return one choice; n must be 1.", param: "n")
        }
        for member in refused.sorted()
        where request.extra[member] != nil && request.extra[member] != .null && request.extra[member] != false {
            throw GatewayError(
                .unsupportedParameter, "'\(member)' cannot be translated for an Anthropic model.", param: member)
        }
        if request.presencePenalty.map({ $0 != 0 }) ?? false {
            throw GatewayError(
                .unsupportedParameter, "'presence_penalty' cannot be translated for an Anthropic model.",
                param: "presence_penalty")
        }
        if request.frequencyPenalty.map({ $0 != 0 }) ?? false {
            throw GatewayError(
                .unsupportedParameter, "'frequency_penalty' cannot be translated for an Anthropic model.",
                param: "frequency_penalty")
        }
    }

    static func contentBlocks(_ content: MessageContent?, at index: Int) throws -> [JSONValue] {
        switch content {
        case nil: return []
        case .text(let text)?: return text.isEmpty ? [] : [["type": "text", "text": .string(text)]]
        case .parts(let parts)?:
            return try parts.enumerated().map { partIndex, part in
                let param = "messages[\(index)].content[\(partIndex)]"
                switch part {
                case .text(let text): return ["type": "text", "text": .string(text.text)]
                case .image(let image): return try imageBlock(image.url, param: param)
                case .file(let file):
                    guard let data = file.fileData, let (mediaType, base64) = dataURL(data),
                        mediaType == "application/pdf"
                    else {
                        throw GatewayError(
                            .unsupportedParameter, "Only inline PDF files can be sent to an Anthropic model.",
                            param: param)
                    }
                    return [
                        "type": "document",
                        "source": ["type": "base64", "media_type": .string(mediaType), "data": .string(base64)],
                    ]
                case .refusal(let refusal): return ["type": "text", "text": .string(refusal.refusal)]
                case .audio:
                    throw GatewayError(
                        .unsupportedParameter, "Anthropic models do not accept audio input.", param: param)
                case .other:
                    throw GatewayError(
                        .unsupportedParameter, "This content part cannot be sent to an Anthropic model.", param: param)
                }
            }
        }
    }

    static func imageBlock(_ url: String, param: String) throws -> JSONValue {
        if let (mediaType, base64) = dataURL(url) {
            guard ["image/jpeg", "image/png", "image/gif", "image/webp"].contains(mediaType) else {
                throw GatewayError(
                    .unsupportedParameter, "Anthropic accepts JPEG, PNG, GIF and WebP images.", param: param)
            }
            return [
                "type": "image",
                "source": ["type": "base64", "media_type": .string(mediaType), "data": .string(base64)],
            ]
        }
        return ["type": "image", "source": ["type": "url", "url": .string(url)]]
    }

    /// `data:<media type>;base64,<data>` split into its media type and data.
    static func dataURL(_ url: String) -> (String, String)? {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), let semicolon = url.firstIndex(of: ";"),
            semicolon < comma, url[semicolon..<comma] == ";base64"
        else { return nil }
        return (
            String(url[url.index(url.startIndex, offsetBy: 5)..<semicolon]), String(url[url.index(after: comma)...])
        )
    }

    static func toolUse(_ call: ToolCall, param: String) throws -> JSONValue {
        let input = try call.argumentsObject(param: param)
        return ["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input]
    }

    static func tool(_ tool: ToolDefinition, param: String) throws -> JSONValue {
        guard case .function(let function) = tool else {
            throw GatewayError(
                .unsupportedParameter, "Only function tools can be sent to an Anthropic model.", param: param)
        }
        var object: JSONObject = [
            "name": .string(function.name),
            "input_schema": function.parameters ?? ["type": "object", "properties": [:]],
        ]
        if let description = function.description { object["description"] = .string(description) }
        if let strict = function.strict { object["strict"] = .bool(strict) }
        return .object(object)
    }

    static func toolChoice(_ choice: ToolChoice?, parallel: Bool?) -> JSONValue? {
        var object: JSONObject
        switch choice {
        case nil, .auto?: object = ["type": "auto"]
        case .required?: object = ["type": "any"]
        case .none?: object = ["type": "none"]
        case .function(let name)?: object = ["type": "tool", "name": .string(name)]
        case .other?: object = ["type": "auto"]
        }
        if parallel == false, object["type"] != "none" { object["disable_parallel_tool_use"] = true }
        if choice == nil, parallel != false { return nil }
        return .object(object)
    }
}

extension ToolCall {
    /// The arguments as a JSON object, which is what formats other than OpenAI's carry (OpenAI sends
    /// them as a string of JSON). Empty arguments are `{}`.
    /// - Parameter param: Where the call is in the request (`messages[2].tool_calls[0]`), for the error.
    /// - Returns: The object.
    /// - Throws: `GatewayError.invalidRequest` naming `<param>.function.arguments` when they are not an object.
    func argumentsObject(param: String) throws -> JSONValue {
        if arguments.isEmpty { return [:] }
        if let parsed = try? JSONValue(parsing: arguments.utf8), case .object = parsed { return parsed }
        throw GatewayError(
            .invalidRequest, "Tool call arguments must be a JSON object.", param: param + ".function.arguments")
    }
}
