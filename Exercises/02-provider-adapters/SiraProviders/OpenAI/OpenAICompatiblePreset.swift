// Generated from Sources/SiraProviders/OpenAI/OpenAICompatiblePreset.swift by scripts/make-starters. Nothing to write here.
// Presets for OpenAI-compatible servers (each server's own API documentation). "Compatible"
// is a spectrum: each server takes OpenAI's request shape but refuses some members, wants its own
// base URL and sometimes no key at all. A preset writes that down once, so a configuration only
// says `preset: groq` and a key.

import SiraCore

/// What Sira knows about one OpenAI-compatible server.
///
/// Some providers run two platforms: a mainland China one and an international one, each with its own
/// console, its own keys and its own base URL (Alibaba's DashScope, Moonshot, Zhipu, SiliconFlow,
/// MiniMax, StepFun, 01.AI, ModelScope, Volcengine/BytePlus). A key works only on the platform that issued
/// it: sent to the other one, it gets a bare 401. So for those presets the configuration must say which
/// platform it means (`region: cn` or `region: global`); Sira never guesses, and when the chosen platform
/// answers 401 the error names the other one (`wrongPlatformHint`).
public struct OpenAICompatiblePreset: Sendable, Hashable {
    /// Where a platform serves: mainland China, or the rest of the world.
    public enum Region: String, Sendable, Hashable, CaseIterable {
        /// Mainland China: keys from the mainland console, billed in CNY.
        case cn
        /// The international platform: keys from the international console.
        case global
    }

    /// One platform of a provider: its base URL and the console that issues its keys.
    public struct Platform: Sendable, Hashable {
        /// The platform's region; `nil` for a service with one platform for everyone (or a local server).
        public var region: Region?
        /// The base URL (the part before `/chat/completions`).
        public var baseURL: String
        /// Where keys for this platform are issued (a host, for messages), when known.
        public var console: String?

        /// Creates a platform.
        /// - Parameters:
        ///   - region: Its region.
        ///   - baseURL: Its base URL.
        ///   - console: Its key console.
        public init(_ region: Region?, _ baseURL: String, console: String? = nil) {
            self.region = region
            self.baseURL = baseURL
            self.console = console
        }
    }

    /// The preset's name in configuration (`groq`, `ollama`…).
    public var name: String
    /// The provider's platforms: one, or a mainland and an international one (mainland first).
    public var platforms: [Platform]
    /// Whether the server needs a key (local servers do not).
    public var requiresKey: Bool
    /// The environment variable a key is read from when none is configured (`GROQ_API_KEY`).
    public var keyVariable: String?
    /// Top-level request members the server refuses, each refused by Sira with a 400 naming it.
    public var unsupportedParameters: Set<String>

    /// Creates a preset with one platform.
    /// - Parameters:
    ///   - name: The preset's name.
    ///   - baseURL: The base URL.
    ///   - region: The platform's region, for a provider that serves one region only.
    ///   - console: Where keys are issued.
    ///   - requiresKey: Whether a key is needed.
    ///   - keyVariable: The key's environment variable.
    ///   - unsupportedParameters: Members the server refuses.
    public init(
        name: String, baseURL: String, region: Region? = nil, console: String? = nil, requiresKey: Bool = true,
        keyVariable: String? = nil, unsupportedParameters: Set<String> = []
    ) {
        self.init(
            name: name, platforms: [Platform(region, baseURL, console: console)], requiresKey: requiresKey,
            keyVariable: keyVariable, unsupportedParameters: unsupportedParameters)
    }

    /// Creates a preset with its platforms.
    /// - Parameters:
    ///   - name: The preset's name.
    ///   - platforms: Its platforms, mainland first.
    ///   - requiresKey: Whether a key is needed.
    ///   - keyVariable: The key's environment variable.
    ///   - unsupportedParameters: Members the server refuses.
    public init(
        name: String, platforms: [Platform], requiresKey: Bool = true, keyVariable: String? = nil,
        unsupportedParameters: Set<String> = []
    ) {
        self.name = name
        self.platforms = platforms
        self.requiresKey = requiresKey
        self.keyVariable = keyVariable
        self.unsupportedParameters = unsupportedParameters
    }

    /// The base URL of the first platform (the mainland's, for a provider with two).
    public var baseURL: String { platforms[0].baseURL }

    /// Whether the configuration must choose a platform with `region:`.
    public var needsRegion: Bool { platforms.count > 1 }

    /// The platform for a region: the one with that region, or the only one when `region` is `nil` or
    /// matches it; `nil` when the provider has no platform there, or has two and `region` is `nil`.
    /// - Parameter region: The configured region.
    /// - Returns: The platform.
    public func platform(_ region: Region?) -> Platform? {
        guard let region else { return needsRegion ? nil : platforms[0] }
        return platforms.first { $0.region == region }
            ?? (platforms.count == 1 && platforms[0].region == nil ? platforms[0] : nil)
    }

    /// What a 401 from the platform for `region` should add: that the key may belong to the provider's
    /// other platform, naming it and its console (never the key). `nil` for a provider with one platform.
    /// - Parameter region: The configured region.
    /// - Returns: The hint.
    public func wrongPlatformHint(for region: Region?) -> String? {
        guard needsRegion, let region, let chosen = platform(region),
            let other = platforms.first(where: { $0.region != region }), let otherRegion = other.region
        else { return nil }
        func host(_ url: String) -> String {
            let rest = url.split(separator: "//", maxSplits: 1).last.map(String.init) ?? url
            return String(rest.prefix { $0 != "/" })
        }
        let consoles = other.console.map { ", keys from \($0)" } ?? ""
        return "The key may belong to \(name)'s other platform: this provider uses region \(region.rawValue) "
            + "(\(host(chosen.baseURL))); a key from the \(otherRegion == .cn ? "mainland" : "international") "
            + "platform (\(host(other.baseURL))\(consoles)) needs region: \(otherRegion.rawValue)."
    }

    /// A provider for this server.
    /// - Parameters:
    ///   - name: The provider's name; the preset's by default.
    ///   - baseURL: Another base URL (a region, a self-hosted port); the first platform's by default.
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
    /// Sira refuses it first, with a message that names the member and the provider. Sources for the
    /// Chinese providers' platforms are in `docs/providers-china.md`.
    public static let all: [OpenAICompatiblePreset] = [
        .init(
            name: "groq", baseURL: "https://api.groq.com/openai/v1", keyVariable: "GROQ_API_KEY",
            unsupportedParameters: ["logprobs", "logit_bias", "top_logprobs"]),
        .init(
            name: "mistral", baseURL: "https://api.mistral.ai/v1", keyVariable: "MISTRAL_API_KEY",
            unsupportedParameters: ["logit_bias", "logprobs", "top_logprobs"]),
        .init(name: "together", baseURL: "https://api.together.ai/v1", keyVariable: "TOGETHER_API_KEY"),
        .init(name: "fireworks", baseURL: "https://api.fireworks.ai/inference/v1", keyVariable: "FIREWORKS_API_KEY"),
        // One platform for everyone (platform.deepseek.com issues the keys; prices in CNY on the Chinese page).
        .init(
            name: "deepseek", baseURL: "https://api.deepseek.com/v1", console: "platform.deepseek.com",
            keyVariable: "DEEPSEEK_API_KEY"),
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
        // Alibaba Cloud Model Studio (Bailian) in mainland China; Model Studio international.
        .init(
            name: "dashscope",
            platforms: [
                .init(.cn, "https://dashscope.aliyuncs.com/compatible-mode/v1", console: "bailian.console.aliyun.com"),
                .init(
                    .global, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
                    console: "modelstudio.console.alibabacloud.com"),
            ],
            keyVariable: "DASHSCOPE_API_KEY"),
        .init(
            name: "moonshot",
            platforms: [
                .init(.cn, "https://api.moonshot.cn/v1", console: "platform.moonshot.cn"),
                .init(.global, "https://api.moonshot.ai/v1", console: "platform.moonshot.ai"),
            ],
            keyVariable: "MOONSHOT_API_KEY"),
        // Zhipu BigModel (mainland) and Z.ai (international); no `/v1` in either path.
        .init(
            name: "zhipu",
            platforms: [
                .init(.cn, "https://open.bigmodel.cn/api/paas/v4", console: "open.bigmodel.cn"),
                .init(.global, "https://api.z.ai/api/paas/v4", console: "z.ai"),
            ],
            keyVariable: "ZHIPU_API_KEY", unsupportedParameters: ["frequency_penalty", "presence_penalty"]),
        .init(
            name: "siliconflow",
            platforms: [
                .init(.cn, "https://api.siliconflow.cn/v1", console: "cloud.siliconflow.cn"),
                .init(.global, "https://api.siliconflow.com/v1", console: "cloud.siliconflow.com"),
            ],
            keyVariable: "SILICONFLOW_API_KEY"),
        // Volcengine Ark (mainland) and BytePlus ModelArk (international); `model` may be an endpoint id `ep-…`.
        .init(
            name: "ark",
            platforms: [
                .init(.cn, "https://ark.cn-beijing.volces.com/api/v3", console: "console.volcengine.com/ark"),
                .init(.global, "https://ark.ap-southeast.bytepluses.com/api/v3", console: "console.byteplus.com"),
            ],
            keyVariable: "ARK_API_KEY"),
        .init(
            name: "minimax",
            platforms: [
                .init(.cn, "https://api.minimaxi.com/v1", console: "platform.minimaxi.com"),
                .init(.global, "https://api.minimax.io/v1", console: "platform.minimax.io"),
            ],
            keyVariable: "MINIMAX_API_KEY", unsupportedParameters: ["n"]),
        // Baidu Qianfan's v2 API (the v1 `aip.baidubce.com` API is another protocol); keys `bce-v3/…`.
        .init(
            name: "qianfan", baseURL: "https://qianfan.baidubce.com/v2", region: .cn,
            console: "console.bce.baidu.com/qianfan", keyVariable: "QIANFAN_API_KEY"),
        .init(
            name: "hunyuan", baseURL: "https://api.hunyuan.cloud.tencent.com/v1", region: .cn,
            console: "console.cloud.tencent.com/hunyuan", keyVariable: "HUNYUAN_API_KEY"),
        // StepFun streams its reasoning as `reasoning` and reports cached input as a top-level `cached_tokens`.
        .init(
            name: "stepfun",
            platforms: [
                .init(.cn, "https://api.stepfun.com/v1", console: "platform.stepfun.com"),
                .init(.global, "https://api.stepfun.ai/v1", console: "platform.stepfun.ai"),
            ],
            keyVariable: "STEPFUN_API_KEY"),
        // 01.AI (Yi): Lingyiwanwu in mainland China, 01.ai abroad.
        .init(
            name: "yi",
            platforms: [
                .init(.cn, "https://api.lingyiwanwu.com/v1", console: "platform.lingyiwanwu.com"),
                .init(.global, "https://api.01.ai/v1", console: "platform.01.ai"),
            ],
            keyVariable: "YI_API_KEY"),
        .init(
            name: "baichuan", baseURL: "https://api.baichuan-ai.com/v1", region: .cn,
            console: "platform.baichuan-ai.com", keyVariable: "BAICHUAN_API_KEY"),
        // ModelScope's API-Inference: the key is a ModelScope access token; model ids are `org/model`.
        .init(
            name: "modelscope",
            platforms: [
                .init(.cn, "https://api-inference.modelscope.cn/v1", console: "modelscope.cn/my/myaccesstoken"),
                .init(.global, "https://api-inference.modelscope.ai/v1", console: "modelscope.ai"),
            ],
            keyVariable: "MODELSCOPE_API_KEY"),
    ]
}
