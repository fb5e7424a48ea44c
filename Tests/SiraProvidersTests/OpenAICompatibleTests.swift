import Foundation
import Logging
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("Azure OpenAI and OpenAI-compatible presets")
struct OpenAICompatibleTests {
    let context = RequestContext(requestID: "req-1", clock: ManualClock(), logger: Logger(label: "test"))

    func ask(_ provider: OpenAIProvider, _ json: String, format: APIFormat = .openAI) async throws -> ProviderReply {
        let request = try JSONTesting.decode(ChatRequest.self, json)
        return try await provider.chat(
            ChatCall(request: request, upstreamModel: "my-gpt4o", clientFormat: format, originalBody: Array(json.utf8)),
            context: context)
    }

    @Test("Azure's classic form: deployment in the path, api-version in the query, key in api-key")
    func azureDeployment() async throws {
        let upstream = FakeUpstream(
            .answer(OpenAIProviderTests.answer), path: "/openai/deployments/my-gpt4o/chat/completions")
        try await upstream.run { baseURL in
            let endpoint = String(baseURL.dropLast("/v1".count))
            let azure = OpenAIProvider.azure(
                name: "azure", endpoint: endpoint, apiKey: Secret("azure-key"), apiVersion: "2024-10-21")
            _ = try await ask(azure, #"{"model":"x","messages":[{"role":"user","content":"hi"}]}"#)
        }
        let sent = try #require(upstream.requests.values.first)
        #expect(sent.target == "/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21")
        #expect(sent.headers["api-key"] == "azure-key")
        #expect(sent.headers["authorization"] == nil)
    }

    @Test("Azure's v1 form: OpenAI's path under /openai/v1, the deployment as the model")
    func azureV1() async throws {
        let upstream = FakeUpstream(.answer(OpenAIProviderTests.answer), path: "/openai/v1/chat/completions")
        try await upstream.run { baseURL in
            let azure = OpenAIProvider.azure(
                name: "azure", endpoint: String(baseURL.dropLast("/v1".count)), apiKey: Secret("azure-key"))
            _ = try await ask(azure, #"{"model":"x","messages":[{"role":"user","content":"hi"}]}"#)
        }
        let sent = try #require(upstream.requests.values.first)
        #expect(try JSONTesting.parse(String(decoding: sent.body, as: UTF8.self)).objectValue?["model"] == "my-gpt4o")
        #expect(sent.headers["api-key"] == "azure-key")
    }

    @Test("a preset refuses the members its server rejects, by name, before any network call")
    func presetDeviation() async throws {
        let groq = try #require(OpenAICompatiblePreset.named("groq"))
        let provider = groq.provider(baseURL: "http://127.0.0.1:9/v1", apiKey: Secret("k"))
        let error = await #expect(throws: GatewayError.self) {
            try await ask(provider, #"{"model":"x","messages":[{"role":"user","content":"hi"}],"logprobs":true}"#)
        }
        #expect(error?.param == "logprobs")
        #expect(error?.kind == .unsupportedParameter)
        #expect(error?.message.contains("groq") == true)
    }

    @Test("every preset named in the issue exists, with an http(s) base URL; local servers need no key")
    func presetTable() {
        let names = [
            "groq", "mistral", "together", "fireworks", "deepseek", "openrouter", "xai", "perplexity", "cerebras",
            "ollama", "vllm", "lmstudio", "llamacpp", "dashscope", "moonshot", "zhipu", "siliconflow", "ark",
            "minimax", "qianfan", "hunyuan", "stepfun", "yi", "baichuan", "modelscope",
        ]
        for name in names {
            let preset = OpenAICompatiblePreset.named(name)
            #expect(preset != nil, "\(name)")
            #expect(preset?.baseURL.hasPrefix("http") == true)
        }
        #expect(OpenAICompatiblePreset.named("ollama")?.requiresKey == false)
        #expect(Set(OpenAICompatiblePreset.all.map(\.name)).count == OpenAICompatiblePreset.all.count)
    }

    @Test("a keyless local server gets no Authorization header")
    func keyless() async throws {
        let upstream = FakeUpstream(.answer(OpenAIProviderTests.answer))
        try await upstream.run { baseURL in
            let ollama = try #require(OpenAICompatiblePreset.named("ollama")).provider(baseURL: baseURL, apiKey: nil)
            _ = try await ask(ollama, #"{"model":"x","messages":[{"role":"user","content":"hi"}]}"#)
        }
        #expect(upstream.requests.values.first?.headers["authorization"] == nil)
    }

    @Test("for a client of another format, an OpenAI upstream's answer and stream are translated, not passed through")
    func translatedForOtherClients() async throws {
        let upstream = FakeUpstream(.answer(OpenAIProviderTests.answer))
        try await upstream.run { baseURL in
            let provider = OpenAIProvider(name: "o", baseURL: baseURL, apiKey: nil)
            guard
                case .whole(let response) = try await ask(
                    provider, #"{"model":"x","messages":[{"role":"user","content":"hi"}]}"#, format: .anthropic)
            else {
                Issue.record("expected a whole answer")
                return
            }
            #expect(response.choices.first?.message.content == .text("Hi!"))
            upstream.set(.stream(OpenAIFixtures.textStream))
            guard
                case .stream(let chunks) = try await ask(
                    provider, #"{"model":"x","stream":true,"messages":[{"role":"user","content":"hi"}]}"#,
                    format: .anthropic)
            else {
                Issue.record("expected a stream")
                return
            }
            var accumulator = StreamAccumulator()
            for try await chunk in chunks { accumulator.apply(chunk) }
            #expect(accumulator.response.choices.first?.finishReason != nil)
            upstream.set(.stream(Array(OpenAIFixtures.textStream.prefix(2)), done: false))
            guard
                case .stream(let cut) = try await ask(
                    provider, #"{"model":"x","stream":true,"messages":[{"role":"user","content":"hi"}]}"#,
                    format: .anthropic)
            else { return }
            await #expect(throws: GatewayError.self) { for try await _ in cut {} }
        }
        let streamed = try #require(upstream.requests.values.dropFirst().first)
        #expect(
            try JSONTesting.parse(String(decoding: streamed.body, as: UTF8.self)).objectValue?["stream_options"]
                == ["include_usage": true], "a translated stream asks for usage")
    }

    @Test("regional presets: the mainland and international platforms, each with its own URL and console")
    func regions() throws {
        let mainland: [String: String] = [
            "dashscope": "https://dashscope.aliyuncs.com/compatible-mode/v1", "moonshot": "https://api.moonshot.cn/v1",
            "zhipu": "https://open.bigmodel.cn/api/paas/v4", "siliconflow": "https://api.siliconflow.cn/v1",
            "minimax": "https://api.minimaxi.com/v1", "stepfun": "https://api.stepfun.com/v1",
            "yi": "https://api.lingyiwanwu.com/v1", "modelscope": "https://api-inference.modelscope.cn/v1",
            "ark": "https://ark.cn-beijing.volces.com/api/v3", "qianfan": "https://qianfan.baidubce.com/v2",
            "hunyuan": "https://api.hunyuan.cloud.tencent.com/v1", "baichuan": "https://api.baichuan-ai.com/v1",
        ]
        for (name, url) in mainland {
            let preset = try #require(OpenAICompatiblePreset.named(name))
            #expect(preset.platform(.cn)?.baseURL == url, "\(name)")
            #expect(preset.platform(.cn)?.console != nil, "\(name) says where its keys come from")
        }
        let dashscope = try #require(OpenAICompatiblePreset.named("dashscope"))
        #expect(dashscope.needsRegion && dashscope.platform(nil) == nil, "two platforms: the configuration chooses")
        #expect(dashscope.platform(.global)?.baseURL == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1")
        let qianfan = try #require(OpenAICompatiblePreset.named("qianfan"))
        #expect(!qianfan.needsRegion && qianfan.platform(nil) != nil && qianfan.platform(.global) == nil)
        #expect(qianfan.wrongPlatformHint(for: .cn) == nil, "one platform: no other to suggest")
    }

    @Test("a 401 from a regional platform names the other platform and its console, never the key")
    func wrongPlatformHint() async throws {
        let upstream = FakeUpstream(
            .fail(
                status: 401,
                body: #"{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error"}}"#))
        let dashscope = try #require(OpenAICompatiblePreset.named("dashscope"))
        let error = try await upstream.run { baseURL in
            var provider = dashscope.provider(name: "qwen", baseURL: baseURL, apiKey: Secret("sk-mainland-secret"))
            provider.wrongPlatformHint = dashscope.wrongPlatformHint(for: .cn)
            return await #expect(throws: GatewayError.self) {
                try await ask(provider, #"{"model":"qwen-plus","messages":[{"role":"user","content":"hi"}]}"#)
            }
        }
        #expect(error?.kind == .providerAuthenticationFailed)
        let message = error?.message ?? ""
        #expect(message.contains("dashscope-intl.aliyuncs.com") && message.contains("region: global"), "\(message)")
        #expect(message.contains("modelstudio.console.alibabacloud.com"))
        #expect(!message.contains("sk-mainland-secret"))
        let global = try #require(dashscope.wrongPlatformHint(for: .global))
        #expect(global.contains("dashscope.aliyuncs.com") && global.contains("region: cn"))
    }
}
