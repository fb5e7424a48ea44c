// Generated from Sources/SiraCore/Chat/ResponseFormat.swift by scripts/make-starters. Nothing to write here.
/// What shape the model's answer must have: free text, any JSON object, or JSON matching a schema.
///
/// Providers spell this differently (Anthropic has no JSON mode and uses a forced tool; Gemini uses
/// `responseMimeType` and `responseSchema`); the adapters translate from this neutral form.
public enum ResponseFormat: Hashable, Sendable, Codable {
    /// `{"type":"text"}`.
    case text
    /// `{"type":"json_object"}`: older JSON mode; the prompt must ask for JSON.
    case jsonObject
    /// `{"type":"json_schema","json_schema":{…}}`: structured output.
    case jsonSchema(JSONSchemaFormat)
    /// Any other form, kept whole.
    case other(JSONObject)

    /// Decodes by `type`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a `json_schema` format has no name.
    public init(from decoder: any Decoder) throws {
        var object = try JSONObject(from: decoder)
        switch object["type"]?.stringValue {
        case "text" where object.count == 1: self = .text
        case "json_object" where object.count == 1: self = .jsonObject
        case "json_schema" where object.count == 2:
            guard case .object(var schema)? = object.removeValue(forKey: "json_schema") else {
                self = .other(object)
                return
            }
            let name = try schema.take(string: "name", path: decoder.codingPath + [DynamicCodingKey("json_schema")])
            let description = schema.removeValue(forKey: "description")?.stringValue
            let body = schema.removeValue(forKey: "schema")
            var strict: Bool?
            if case .bool(let value)? = schema.removeValue(forKey: "strict") { strict = value }
            self = .jsonSchema(
                JSONSchemaFormat(name: name, description: description, schema: body, strict: strict, extra: schema)
            )
        default: self = .other(object)
        }
    }

    /// Encodes in OpenAI's wire form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        let object: JSONObject
        switch self {
        case .text: object = ["type": "text"]
        case .jsonObject: object = ["type": "json_object"]
        case .jsonSchema(let format):
            var schema = format.extra
            schema["name"] = .string(format.name)
            schema["description"] = format.description.map(JSONValue.string)
            schema["schema"] = format.schema
            schema["strict"] = format.strict.map(JSONValue.bool)
            object = ["type": "json_schema", "json_schema": .object(schema)]
        case .other(let other): object = other
        }
        try object.encode(to: encoder)
    }
}

/// A named JSON Schema the answer must match.
public struct JSONSchemaFormat: Hashable, Sendable {
    /// The schema's name: `a-zA-Z0-9_-`, at most 64 characters.
    public var name: String
    /// What the schema is for.
    public var description: String?
    /// The JSON Schema.
    public var schema: JSONValue?
    /// Whether the output must follow the schema exactly.
    public var strict: Bool?
    /// Other members of the `json_schema` object.
    public var extra: JSONObject

    /// Creates a schema format.
    /// - Parameters:
    ///   - name: The schema's name.
    ///   - description: What the schema is for.
    ///   - schema: The JSON Schema.
    ///   - strict: Whether the output must follow it exactly.
    ///   - extra: Other members of the `json_schema` object.
    public init(
        name: String,
        description: String? = nil,
        schema: JSONValue? = nil,
        strict: Bool? = nil,
        extra: JSONObject = [:]
    ) {
        self.name = name
        self.description = description
        self.schema = schema
        self.strict = strict
        self.extra = extra
    }
}
