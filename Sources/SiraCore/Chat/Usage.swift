/// How many tokens a request used: what budgets settle and what cost is computed from.
///
/// Cached tokens are part of `promptTokens`, reasoning tokens part of `completionTokens`, as in
/// OpenAI's usage object; adapters for providers that count them apart (Anthropic) add them in.
public struct Usage: Hashable, Sendable, Codable {
    /// Input tokens, cached ones included.
    public var promptTokens: Int
    /// Output tokens, reasoning ones included.
    public var completionTokens: Int
    /// `promptTokens + completionTokens`.
    public var totalTokens: Int
    /// Input tokens served from the provider's prompt cache.
    public var cachedTokens: Int?
    /// Input tokens written to the provider's prompt cache.
    public var cacheWriteTokens: Int?
    /// Output tokens spent on hidden reasoning.
    public var reasoningTokens: Int?
    /// Other members of `prompt_tokens_details`.
    public var promptDetailsExtra: JSONObject
    /// Other members of `completion_tokens_details`.
    public var completionDetailsExtra: JSONObject
    /// Other members of the usage object.
    public var extra: JSONObject

    /// Creates a usage record; `totalTokens` defaults to the sum.
    /// - Parameters:
    ///   - promptTokens: Input tokens, cached ones included.
    ///   - completionTokens: Output tokens, reasoning ones included.
    ///   - totalTokens: The total; `nil` means the sum of the two.
    ///   - cachedTokens: Input tokens read from the prompt cache.
    ///   - cacheWriteTokens: Input tokens written to the prompt cache.
    ///   - reasoningTokens: Output tokens spent on reasoning.
    public init(
        promptTokens: Int,
        completionTokens: Int,
        totalTokens: Int? = nil,
        cachedTokens: Int? = nil,
        cacheWriteTokens: Int? = nil,
        reasoningTokens: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.cachedTokens = cachedTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
        self.promptDetailsExtra = [:]
        self.completionDetailsExtra = [:]
        self.extra = [:]
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }

    /// Decodes OpenAI's usage object (an embeddings answer's has no `completion_tokens`: zero).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when `prompt_tokens` is missing or a count is not an integer.
    public init(from decoder: any Decoder) throws {
        try self.init(openAI: JSONObject(from: decoder), codingPath: decoder.codingPath)
    }

    /// Reads OpenAI's usage object from its members: what `init(from:)` does, without a decoder, for
    /// the pass-through path, which finds the `usage` member in the upstream's bytes and parses only
    /// it (a decoder's machinery costs more than the parse).
    /// - Parameters:
    ///   - object: The usage object.
    ///   - codingPath: Where it is, for error messages.
    /// - Throws: `DecodingError` when `prompt_tokens` is missing or a count is not an integer.
    public init(openAI object: JSONObject, codingPath: [any CodingKey] = []) throws {
        func count(_ key: CodingKeys) throws -> Int? {
            switch object[key.rawValue] {
            case nil, .null?: return nil
            case let value?:
                guard let count = value.intValue else {
                    throw DecodingError.typeMismatch(
                        Int.self, .init(codingPath: codingPath + [key], debugDescription: "Expected an integer."))
                }
                return count
            }
        }
        func details(_ key: CodingKeys) throws -> JSONObject {
            switch object[key.rawValue] {
            case nil, .null?: return [:]
            case .object(let details)?: return details
            default:
                throw DecodingError.typeMismatch(
                    JSONObject.self, .init(codingPath: codingPath + [key], debugDescription: "Expected an object."))
            }
        }
        guard let prompt = try count(.promptTokens) else {
            throw DecodingError.keyNotFound(
                CodingKeys.promptTokens, .init(codingPath: codingPath, debugDescription: "No prompt_tokens."))
        }
        promptTokens = prompt
        completionTokens = try count(.completionTokens) ?? 0
        totalTokens = try count(.totalTokens) ?? promptTokens + completionTokens
        var promptDetails = try details(.promptTokensDetails)
        var completionDetails = try details(.completionTokensDetails)
        // OpenAI, Qwen, GLM and most servers put cached input in `prompt_tokens_details.cached_tokens`;
        // DeepSeek reports the split at the top level (`prompt_cache_hit_tokens`, beside
        // `prompt_cache_miss_tokens`), Kimi a top-level `cached_tokens`. They stay in `extra` as sent.
        cachedTokens =
            promptDetails.removeValue(forKey: "cached_tokens")?.intValue
            ?? object["prompt_cache_hit_tokens"]?.intValue ?? object["cached_tokens"]?.intValue
        cacheWriteTokens = promptDetails.removeValue(forKey: "cache_write_tokens")?.intValue
        reasoningTokens = completionDetails.removeValue(forKey: "reasoning_tokens")?.intValue
        promptDetailsExtra = promptDetails
        completionDetailsExtra = completionDetails
        extra = [:]
        for (key, value) in object where CodingKeys(rawValue: key) == nil { extra[key] = value }
    }

    /// Encodes OpenAI's usage object; detail objects appear only when they have members.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(promptTokens, forKey: .promptTokens)
        try container.encode(completionTokens, forKey: .completionTokens)
        try container.encode(totalTokens, forKey: .totalTokens)
        var prompt = promptDetailsExtra
        prompt["cached_tokens"] = cachedTokens.map { .integer(Int64($0)) }
        prompt["cache_write_tokens"] = cacheWriteTokens.map { .integer(Int64($0)) }
        if !prompt.isEmpty { try container.encode(prompt, forKey: .promptTokensDetails) }
        var completion = completionDetailsExtra
        completion["reasoning_tokens"] = reasoningTokens.map { .integer(Int64($0)) }
        if !completion.isEmpty { try container.encode(completion, forKey: .completionTokensDetails) }
        try UnknownFields.encode(extra, to: encoder, known: CodingKeys.names)
    }
}

extension JSONValue {
    /// The number as an `Int`, if this is an integer (or a double with no fraction).
    public var intValue: Int? {
        switch self {
        case .integer(let value): return Int(exactly: value)
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }
}
