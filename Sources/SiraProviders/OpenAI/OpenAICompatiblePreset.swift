// Presets for OpenAI-compatible servers (each server's own API documentation). "Compatible"
// is a spectrum: each server takes OpenAI's request shape but refuses some members, wants its own
// base URL and sometimes no key at all. A preset writes that down once, so a configuration only
// says `preset: groq` and a key.

import SiraCore

/// What Sira knows about one OpenAI-compatible server.
public struct OpenAICompatiblePreset: Sendable, Hashable {
    /// The preset's name in configuration (`groq`, `ollama`…).
    public var name: String
    /// The default base URL (the part before `/chat/completions`).
    public var baseURL: String
    /// Whether the server needs a key (local servers do not).
    public var requiresKey: Bool
    /// The environment variable a key is read from when none is configured (`GROQ_API_KEY`).
    public var keyVariable: String?
    /// Top-level request members the server refuses, each refused by Sira with a 400 naming it.
    public var unsupportedParameters: Set<String>

    /// Creates a preset.
    /// - Parameters:
    ///   - name: The preset's name.
    ///   - baseURL: The default base URL.
    ///   - requiresKey: Whether a key is needed.
    ///   - keyVariable: The key's environment variable.
    ///   - unsupportedParameters: Members the server refuses.
    public init(
        name: String, baseURL: String, requiresKey: Bool = true, keyVariable: String? = nil,
        unsupportedParameters: Set<String> = []
    ) {
        self.name = name
        self.baseURL = baseURL
        self.requiresKey = requiresKey
        self.keyVariable = keyVariable
        self.unsupportedParameters = unsupportedParameters
    }

    /// A provider for this server.
    /// - Parameters:
    ///   - name: The provider's name; the preset's by default.
    ///   - baseURL: Another base URL (a region, a self-hosted port); the preset's by default.
    ///   - apiKey: The key.
    /// - Returns: The provider.
    public func provider(name: String? = nil, baseURL: String? = nil, apiKey: Secret?) -> OpenAIProvider {
        OpenAIProvider(
            name: name ?? self.name, baseURL: baseURL ?? self.baseURL, apiKey: apiKey,
            unsupportedParameters: unsupportedParameters)
    }

    /// The preset with this name.
    /// - Parameter name: The name.
    /// - Returns: The preset, or `nil` when there is none.
    public static func named(_ name: String) -> OpenAICompatiblePreset? { all.first { $0.name == name } }

    /// Every preset. Deviations are the documented ones: where a server rejects a member with a 400,
    /// Sira refuses it first, with a message that names the member and the provider.
    public static let all: [OpenAICompatiblePreset] = [
        .init(
            name: "groq", baseURL: "https://api.groq.com/openai/v1", keyVariable: "GROQ_API_KEY",
            unsupportedParameters: ["logprobs", "logit_bias", "top_logprobs"]),
        .init(
            name: "mistral", baseURL: "https://api.mistral.ai/v1", keyVariable: "MISTRAL_API_KEY",
            unsupportedParameters: ["logit_bias", "logprobs", "top_logprobs"]),
        .init(name: "together", baseURL: "https://api.together.ai/v1", keyVariable: "TOGETHER_API_KEY"),
        .init(name: "fireworks", baseURL: "https://api.fireworks.ai/inference/v1", keyVariable: "FIREWORKS_API_KEY"),
        .init(name: "deepseek", baseURL: "https://api.deepseek.com/v1", keyVariable: "DEEPSEEK_API_KEY"),
        .init(name: "openrouter", baseURL: "https://openrouter.ai/api/v1", keyVariable: "OPENROUTER_API_KEY"),
        .init(name: "xai", baseURL: "https://api.x.ai/v1", keyVariable: "XAI_API_KEY"),
        .init(
            name: "perplexity", baseURL: "https://api.perplexity.ai", keyVariable: "PERPLEXITY_API_KEY",
            unsupportedParameters: ["logit_bias", "logprobs", "top_logprobs"]),
        .init(
            name: "cerebras", baseURL: "https://api.cerebras.ai/v1", keyVariable: "CEREBRAS_API_KEY",
            unsupportedParameters: [
                "frequency_penalty", "presence_penalty", "logit_bias", "parallel_tool_calls", "service_tier",
            ]),
        .init(name: "ollama", baseURL: "http://localhost:11434/v1", requiresKey: false),
        .init(name: "vllm", baseURL: "http://localhost:8000/v1", requiresKey: false),
        .init(name: "lmstudio", baseURL: "http://localhost:1234/v1", requiresKey: false),
        .init(name: "llamacpp", baseURL: "http://127.0.0.1:8080/v1", requiresKey: false),
        .init(
            name: "dashscope", baseURL: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
            keyVariable: "DASHSCOPE_API_KEY"),
        .init(name: "moonshot", baseURL: "https://api.moonshot.ai/v1", keyVariable: "MOONSHOT_API_KEY"),
        .init(
            name: "zhipu", baseURL: "https://api.z.ai/api/paas/v4", keyVariable: "ZHIPU_API_KEY",
            unsupportedParameters: ["frequency_penalty", "presence_penalty"]),
        .init(name: "siliconflow", baseURL: "https://api.siliconflow.com/v1", keyVariable: "SILICONFLOW_API_KEY"),
        .init(name: "ark", baseURL: "https://ark.cn-beijing.volces.com/api/v3", keyVariable: "ARK_API_KEY"),
        .init(
            name: "minimax", baseURL: "https://api.minimax.io/v1", keyVariable: "MINIMAX_API_KEY",
            unsupportedParameters: ["n"]),
    ]
}
