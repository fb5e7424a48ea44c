// Generated from Sources/SiraCore/Chat/Tool+Codable.swift by scripts/make-starters. Nothing to write here.
// The wire forms of tool definitions, tool choice and tool calls.

extension ToolDefinition: Codable {
    /// Decodes a tool; only `function` tools are typed.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a function tool has no name.
    public init(from decoder: any Decoder) throws {
        var object = try JSONObject(from: decoder)
        guard object["type"]?.stringValue == "function", case .object(var function)? = object["function"] else {
            self = .other(object)
            return
        }
        let path = decoder.codingPath + [DynamicCodingKey("function")]
        let name = try function.take(string: "name", path: path)
        let description = function.removeValue(forKey: "description")?.stringValue
        let parameters = function.removeValue(forKey: "parameters")
        let strict: Bool?
        if case .bool(let value)? = function.removeValue(forKey: "strict") { strict = value } else { strict = nil }
        object["type"] = nil
        object["function"] = nil
        self = .function(
            FunctionTool(
                name: name,
                description: description,
                parameters: parameters,
                strict: strict,
                extra: function,
                toolExtra: object
            )
        )
    }

    /// Encodes the tool in OpenAI's wire form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .other(let object):
            try object.encode(to: encoder)
        case .function(let tool):
            var function = tool.extra
            function["name"] = .string(tool.name)
            function["description"] = tool.description.map(JSONValue.string)
            function["parameters"] = tool.parameters
            function["strict"] = tool.strict.map(JSONValue.bool)
            var object = tool.toolExtra
            object["type"] = "function"
            object["function"] = .object(function)
            try object.encode(to: encoder)
        }
    }
}

extension ToolChoice: Codable {
    /// Decodes `"none"`, `"auto"`, `"required"`, a named function, or any other form.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the value is not JSON.
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        switch value {
        case .string("none"): self = .none
        case .string("auto"): self = .auto
        case .string("required"): self = .required
        case .object(let object)
        where object["type"] == "function" && object.count == 2:
            if let name = object["function"]?.objectValue?["name"]?.stringValue,
                object["function"]?.objectValue?.count == 1
            {
                self = .function(name: name)
            } else {
                self = .other(value)
            }
        default: self = .other(value)
        }
    }

    /// Encodes in OpenAI's wire form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        let value: JSONValue
        switch self {
        case .none: value = "none"
        case .auto: value = "auto"
        case .required: value = "required"
        case .function(let name): value = ["type": "function", "function": ["name": .string(name)]]
        case .other(let other): value = other
        }
        try value.encode(to: encoder)
    }
}

extension ToolCall: Codable {
    /// Decodes `{"id","type","function":{"name","arguments"}}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a required member is missing.
    public init(from decoder: any Decoder) throws {
        var object = try JSONObject(from: decoder)
        let path = decoder.codingPath
        let id = try object.take(string: "id", path: path)
        let type = object.removeValue(forKey: "type")?.stringValue ?? "function"
        guard case .object(var function)? = object.removeValue(forKey: "function") else {
            throw DecodingError.keyNotFound(
                DynamicCodingKey("function"),
                .init(codingPath: path, debugDescription: "a tool call needs a 'function' object")
            )
        }
        let functionPath = path + [DynamicCodingKey("function")]
        let name = try function.take(string: "name", path: functionPath)
        let arguments = try function.take(string: "arguments", path: functionPath)
        self.init(id: id, type: type, name: name, arguments: arguments, functionExtra: function, extra: object)
    }

    /// Encodes in OpenAI's wire form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var function = functionExtra
        function["name"] = .string(name)
        function["arguments"] = .string(arguments)
        var object = extra
        object["id"] = .string(id)
        object["type"] = .string(type)
        object["function"] = .object(function)
        try object.encode(to: encoder)
    }
}
