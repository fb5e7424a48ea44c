// OpenAI-shaped (neutral) chat requests to Gemini's native generateContent API
// (as the Gemini API reference documents `generateContent`). Gemini differs from OpenAI in three
// ways that matter here:
// roles are `user` and `model`, tool results name the function rather than a call id, and
// generation settings live in `generationConfig`. Untranslatable members are refused by name.

import SiraCore

/// Translates a neutral `ChatRequest` into a Gemini `GenerateContentRequest` body.
public enum GeminiRequestTranslator {
    /// Translates a request. The model is not in the body: it is part of Gemini's URL.
    ///
    /// - System and developer messages become `systemInstruction`.
    /// - Assistant turns become `model` turns; consecutive turns of one role are merged.
    /// - A tool message becomes a `functionResponse` part in a user turn. Gemini wants the function's
    ///   *name*, which OpenAI's tool message does not carry: it is looked up from the assistant
    ///   message that made the call, so the gateway stays stateless.
    /// - Images and files given as data URLs become `inlineData`; other URLs `fileData`.
    ///
    /// - Parameter request: The neutral request.
    /// - Returns: The Gemini request body.
    /// - Throws: `GatewayError` naming a member that cannot be translated or is invalid.
    public static func translate(_ request: ChatRequest) throws -> JSONValue {
        try rejectUntranslatable(request)
        var system: [JSONValue] = []
        var turns: [(role: String, parts: [JSONValue])] = []
        var functionNames: [String: String] = [:]
        func append(_ role: String, _ parts: [JSONValue]) {
            guard !parts.isEmpty else { return }
            if turns.last?.role == role {
                turns[turns.count - 1].parts += parts
            } else {
                turns.append((role, parts))
            }
        }
        for (index, message) in request.messages.enumerated() {
            switch message.role {
            case .system, .developer:
                system.append(["text": .string(message.content?.joinedText ?? "")])
            case .user:
                append("user", try parts(message.content, at: index))
            case .assistant:
                var parts = try parts(message.content, at: index)
                for (callIndex, call) in (message.toolCalls ?? []).enumerated() {
                    functionNames[call.id] = call.name
                    parts.append(try functionCall(call, param: "messages[\(index)].tool_calls[\(callIndex)]"))
                }
                append("model", parts)
            case .tool:
                guard let id = message.toolCallID, let name = functionNames[id] else {
                    throw GatewayError(
                        .invalidRequest,
                        "A tool message must answer a tool call made by an earlier assistant message.",
                        param: "messages[\(index)].tool_call_id"
                    )
                }
                let text = message.content?.joinedText ?? ""
                // A result that is a JSON object is passed as it is; anything else goes under "output".
                let response: JSONValue
                if let parsed = try? JSONValue(parsing: text.utf8), case .object = parsed {
                    response = parsed
                } else {
                    response = ["output": .string(text)]
                }
                var functionResponse: JSONObject = ["name": .string(name), "response": response]
                if let callID = GeminiToolCallID.split(id).id { functionResponse["id"] = .string(callID) }
                append("user", [["functionResponse": .object(functionResponse)]])
            default:
                throw GatewayError(
                    .unsupportedParameter,
                    "The role '\(message.role)' cannot be sent to a Gemini model.",
                    param: "messages[\(index)].role"
                )
            }
        }
        var body: JSONObject = [
            "contents": .array(turns.map { .object(["role": .string($0.role), "parts": .array($0.parts)]) })
        ]
        if !system.isEmpty { body["systemInstruction"] = ["parts": .array(system)] }
        if let tools = request.tools, !tools.isEmpty {
            let declarations = try tools.enumerated().map { try declaration($1, param: "tools[\($0)]") }
            body["tools"] = [["functionDeclarations": .array(declarations)]]
            if let choice = request.toolChoice {
                body["toolConfig"] = ["functionCallingConfig": try toolConfig(choice)]
            }
        }
        let config = generationConfig(request)
        if !config.isEmpty { body["generationConfig"] = .object(config) }
        return .object(body)
    }

    static func generationConfig(_ request: ChatRequest) -> JSONObject {
        var config: JSONObject = [:]
        if let value = request.temperature { config["temperature"] = .double(value) }
        if let value = request.topP { config["topP"] = .double(value) }
        if let value = request.topK { config["topK"] = .integer(Int64(value)) }
        if let value = request.outputTokenLimit { config["maxOutputTokens"] = .integer(Int64(value)) }
        if let value = request.stop { config["stopSequences"] = .array(value.values.map(JSONValue.string)) }
        if let value = request.n, value != 1 { config["candidateCount"] = .integer(Int64(value)) }
        if let value = request.seed { config["seed"] = .integer(value) }
        if let value = request.presencePenalty { config["presencePenalty"] = .double(value) }
        if let value = request.frequencyPenalty { config["frequencyPenalty"] = .double(value) }
        switch request.responseFormat {
        case .jsonObject?:
            config["responseMimeType"] = "application/json"
        case .jsonSchema(let format)?:
            config["responseMimeType"] = "application/json"
            config["responseJsonSchema"] = format.schema ?? ["type": "object"]
        default:
            break
        }
        return config
    }

    /// Members with no Gemini equivalent, refused by name rather than dropped.
    /// Members refused by name (their loss would change the answer).
    static let refused: Set<String> = ["logit_bias", "audio", "modalities", "prediction"]

    static func rejectUntranslatable(_ request: ChatRequest) throws {
        try ThinkingSwitches.refuseEnabling(request, for: "a Gemini model")
        for member in refused.sorted()
        where request.extra[member] != nil && request.extra[member] != .null {
            throw GatewayError(
                .unsupportedParameter, "'\(member)' cannot be translated for a Gemini model.", param: member)
        }
        if case .other? = request.responseFormat {
            throw GatewayError(
                .unsupportedParameter, "This response_format cannot be translated for a Gemini model.",
                param: "response_format")
        }
    }

    static func parts(_ content: MessageContent?, at index: Int) throws -> [JSONValue] {
        switch content {
        case nil: return []
        case .text(let text)?: return text.isEmpty ? [] : [["text": .string(text)]]
        case .parts(let parts)?:
            return try parts.enumerated().map { partIndex, part in
                let param = "messages[\(index)].content[\(partIndex)]"
                switch part {
                case .text(let text): return ["text": .string(text.text)]
                case .refusal(let refusal): return ["text": .string(refusal.refusal)]
                case .image(let image): return try media(url: image.url, param: param)
                case .audio(let audio):
                    return ["inlineData": ["mimeType": .string("audio/\(audio.format)"), "data": .string(audio.data)]]
                case .file(let file):
                    guard let data = file.fileData else {
                        throw GatewayError(
                            .unsupportedParameter, "Files must be sent inline (file_data) to a Gemini model.",
                            param: param)
                    }
                    return try media(url: data, param: param)
                case .other:
                    throw GatewayError(
                        .unsupportedParameter, "This content part cannot be sent to a Gemini model.", param: param)
                }
            }
        }
    }

    /// A data URL becomes `inlineData`. Gemini cannot fetch arbitrary URLs (only its Files API and
    /// Cloud Storage), so any other URL is refused by name rather than sent to fail.
    static func media(url: String, param: String) throws -> JSONValue {
        if let (mimeType, data) = AnthropicRequestTranslator.dataURL(url) {
            return ["inlineData": ["mimeType": .string(mimeType), "data": .string(data)]]
        }
        throw GatewayError(
            .unsupportedParameter, "Gemini models take images and files as data URLs (data:<type>;base64,…).",
            param: param)
    }

    /// A `functionCall` part, with Gemini's own id and thought signature when the call's id carries them.
    static func functionCall(_ call: ToolCall, param: String) throws -> JSONValue {
        var functionCall: JSONObject = ["name": .string(call.name), "args": try call.argumentsObject(param: param)]
        let (id, signature) = GeminiToolCallID.split(call.id)
        if let id { functionCall["id"] = .string(id) }
        var part: JSONObject = ["functionCall": .object(functionCall)]
        if let signature { part["thoughtSignature"] = .string(signature) }
        return .object(part)
    }

    static func declaration(_ tool: ToolDefinition, param: String) throws -> JSONValue {
        guard case .function(let function) = tool else {
            throw GatewayError(
                .unsupportedParameter, "Only function tools can be sent to a Gemini model.", param: param)
        }
        var object: JSONObject = ["name": .string(function.name)]
        if let description = function.description { object["description"] = .string(description) }
        if let parameters = function.parameters { object["parametersJsonSchema"] = parameters }
        return .object(object)
    }

    static func toolConfig(_ choice: ToolChoice) throws -> JSONValue {
        switch choice {
        case .none: return ["mode": "NONE"]
        case .required: return ["mode": "ANY"]
        case .function(let name): return ["mode": "ANY", "allowedFunctionNames": [.string(name)]]
        case .auto: return ["mode": "AUTO"]
        case .other:
            throw GatewayError(
                .unsupportedParameter, "This tool_choice cannot be translated for a Gemini model.", param: "tool_choice"
            )
        }
    }
}
