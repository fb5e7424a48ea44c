// Generated from Sources/SiraCore/Chat/Tool.swift by scripts/make-starters. Nothing to write here.
// Tools: what the model may call (definitions), how it must choose (tool choice), and what it
// called (tool calls). OpenAI's shapes are the neutral ones.

/// A tool the model may call.
///
/// Function tools are typed because every provider has them; other kinds (OpenAI's `custom`)
/// are kept whole, to pass through to an upstream of the same format.
public enum ToolDefinition: Hashable, Sendable {
    /// `{"type":"function","function":{"name","description","parameters","strict"}}`.
    case function(FunctionTool)
    /// A tool of another type, kept whole.
    case other(JSONObject)
}

/// A function the model may call, with its parameters as a JSON Schema.
public struct FunctionTool: Hashable, Sendable {
    /// The function's name: `a-z A-Z 0-9 _ -`, at most 64 characters.
    public var name: String
    /// What the function does, for the model.
    public var description: String?
    /// A JSON Schema object describing the arguments.
    public var parameters: JSONValue?
    /// Whether the model must follow the schema exactly (OpenAI structured outputs).
    public var strict: Bool?
    /// Other members of the inner `function` object.
    public var extra: JSONObject
    /// Other members of the outer tool object.
    public var toolExtra: JSONObject

    /// Creates a function tool.
    /// - Parameters:
    ///   - name: The function's name.
    ///   - description: What the function does.
    ///   - parameters: A JSON Schema for the arguments.
    ///   - strict: Whether the schema must be followed exactly.
    ///   - extra: Other members of the inner `function` object.
    ///   - toolExtra: Other members of the outer tool object.
    public init(
        name: String,
        description: String? = nil,
        parameters: JSONValue? = nil,
        strict: Bool? = nil,
        extra: JSONObject = [:],
        toolExtra: JSONObject = [:]
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
        self.extra = extra
        self.toolExtra = toolExtra
    }
}

/// How the model must use the tools: not at all, as it likes, at least one, or one named function.
public enum ToolChoice: Hashable, Sendable {
    /// `"none"`: do not call tools.
    case none
    /// `"auto"`: the model decides.
    case auto
    /// `"required"`: call at least one tool.
    case required
    /// `{"type":"function","function":{"name":…}}`: call this function.
    case function(name: String)
    /// Any other form (`allowed_tools`, `custom`), kept whole.
    case other(JSONValue)
}

/// A call the model made: which function, with which arguments.
public struct ToolCall: Hashable, Sendable {
    /// The call's id; the tool result message answers it with `tool_call_id`.
    public var id: String
    /// `function` for function calls.
    public var type: String
    /// The function's name.
    public var name: String
    /// The arguments as a JSON **string**, as the model produced them (not always valid JSON).
    public var arguments: String
    /// Other members of the inner `function` object.
    public var functionExtra: JSONObject
    /// Other members of the call object.
    public var extra: JSONObject

    /// Creates a tool call.
    /// - Parameters:
    ///   - id: The call's id.
    ///   - type: `function` for function calls.
    ///   - name: The function's name.
    ///   - arguments: The arguments as a JSON string.
    ///   - functionExtra: Other members of the inner `function` object.
    ///   - extra: Other members of the call object.
    public init(
        id: String,
        type: String = "function",
        name: String,
        arguments: String,
        functionExtra: JSONObject = [:],
        extra: JSONObject = [:]
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.arguments = arguments
        self.functionExtra = functionExtra
        self.extra = extra
    }
}
