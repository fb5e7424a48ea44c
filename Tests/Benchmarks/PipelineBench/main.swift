// What the request path's machinery costs: an empty policy at each pipeline level (request, call,
// attempt), reading and writing JSON with Sira's own parser and writer against Foundation's, and what
// the pass-through path saves by scanning a request instead of decoding it.
// Built and run by scripts/bench-pipeline (release mode).

import Foundation
import Logging
import SiraCache
import SiraCore

/// A policy that only passes the input on: what a policy costs when it does nothing.
struct EmptyPolicy<Input: Sendable, Output: Sendable>: Policy {
    let name = "empty"
    func handle(_ input: Input, context: RequestContext, next: Next<Input, Output>) async throws -> Output {
        try await next(input, context)
    }
}

/// Nanoseconds per run of `pipeline`, the median of 7 rounds.
func measure<Input: Sendable, Output: Sendable>(
    _ pipeline: Pipeline<Input, Output>, _ input: Input, context: RequestContext
) async throws -> Double {
    var samples: [Double] = []
    let iterations = 200_000
    for _ in 0..<7 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { _ = try await pipeline.handle(input, context: context) }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
    }
    return samples.sorted()[samples.count / 2]
}

/// The cost of one empty policy at a level: (16 policies − none) / 16, and the pipeline with none.
func level<Input: Sendable, Output: Sendable>(
    _ name: String, _ input: Input, answer: Output, context: RequestContext
) async throws {
    let handler: Next<Input, Output> = { _, _ in answer }
    let bare = try await measure(Pipeline<Input, Output>([], handler: handler), input, context: context)
    let sixteen = try await measure(
        Pipeline<Input, Output>(Array(repeating: EmptyPolicy<Input, Output>(), count: 16), handler: handler), input,
        context: context)
    print(
        name.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(format: "%12.1f ns %18.1f ns %16.1f ns", bare, sixteen, (sixteen - bare) / 16))
}

/// Microseconds per call of `body`, the median of 7 rounds.
func time(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<7 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { try body() }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000)
    }
    return samples.sorted()[samples.count / 2]
}

let context = RequestContext(requestID: "bench", clock: SystemClock(), logger: Logger(label: "bench"))
let request = GatewayRequest(method: "POST", target: "/v1/chat/completions")
let chatRequest = ChatRequest(model: "m", messages: [.text(.user, "Hello")])
let call = ChatCall(request: chatRequest, upstreamModel: "m")
let response = ChatResponse(
    id: "chatcmpl-1", created: 1, model: "m",
    choices: [ChatChoice(index: 0, message: .text(.assistant, "Hi"), finishReason: .stop)],
    usage: Usage(promptTokens: 19, completionTokens: 10))

print("an empty policy at each level (median of 7 rounds of 200,000 runs)")
print("level      no policies       16 empty policies      per policy")
try await level("request", request, answer: GatewayResponse(status: 200), context: context)
try await level("call", call, answer: ProviderReply.whole(response), context: context)
try await level(
    "attempt", Attempt(call: call, deployment: Deployment(provider: "p", model: "m"), number: 1),
    answer: ProviderReply.whole(response), context: context)

let body = Array(
    #"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are brief."},{"role":"user","content":"Hello there, how are you today?"}],"max_tokens":64,"temperature":0.7,"stream":false,"user":"u-1","metadata":{"team":"search"}}"#
        .utf8)
let data = Data(body)
print("\nJSON (µs per call, median of 7 rounds of 20,000)")
let siraDecode = try time(20_000) { _ = try SiraJSON.decode(ChatRequest.self, from: body) }
let foundationDecode = try time(20_000) { _ = try JSONDecoder().decode(ChatRequest.self, from: data) }
let siraEncode = try time(20_000) { _ = try SiraJSON.encode(response) }
let foundationEncode = try time(20_000) { _ = try JSONEncoder().encode(response) }
let siraParse = try time(20_000) { _ = try JSONValue(parsing: body) }
let foundationParse = try time(20_000) { _ = try JSONDecoder().decode(JSONValue.self, from: data) }
print(String(format: "decode a chat request      SiraJSON %6.2f   Foundation %6.2f", siraDecode, foundationDecode))
print(String(format: "encode a chat completion   SiraJSON %6.2f   Foundation %6.2f", siraEncode, foundationEncode))
print(String(format: "parse to JSONValue         SiraJSON %6.2f   Foundation %6.2f", siraParse, foundationParse))

/// A conversation of `turns` user and assistant messages of about 400 characters each.
func conversation(turns: Int) -> [UInt8] {
    let text = String(repeating: "Tell me more about the weather in Lisbon, and why. ", count: 8)
    let messages = (0..<turns).map { turn in
        #"{"role":"\#(turn % 2 == 0 ? "user" : "assistant")","content":"\#(text)"}"#
    }
    return Array(#"{"model":"gpt-4o-mini","messages":[\#(messages.joined(separator: ","))],"max_tokens":64}"#.utf8)
}

print("\nA request on the pass-through path (µs per call, median of 7 rounds): decoding against scanning")
for (name, bytes, iterations) in [
    ("the small request above", body, 20_000), ("40 messages, 16 KB", conversation(turns: 40), 2_000),
    ("400 messages, 160 KB", conversation(turns: 400), 200),
] {
    let decode = try time(iterations) { _ = try SiraJSON.decode(ChatRequest.self, from: bytes) }
    let scan = try time(iterations) { _ = try ChatRequestScan(bytes) }
    print(
        name.padding(toLength: 26, withPad: " ", startingAt: 0)
            + String(format: "decode %8.2f   scan %8.2f   (%.0f×)", decode, scan, decode / scan))
}

// The answer cache (chapter 04): what a hit costs in process (the key: parse, canonical form, SHA-256;
// the lookup; the replayed reply), and what a stored answer costs in memory.

/// The resident memory of this process, in bytes (Linux: /proc/self/statm, in pages).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

let cacheLimits = MemoryCacheStore<CachedAnswer>.Limits(maximumBytes: 1 << 30, timeToLive: .seconds(3600))
print("\nThe answer cache (µs per hit, median of 7 rounds)")
for (name, bytes, iterations) in [
    ("the small request above", body, 20_000), ("40 messages, 16 KB", conversation(turns: 40), 2_000),
] {
    let cache = CachePolicy(settings: .init(limits: cacheLimits))
    let call = ChatCall(
        scanned: try ChatRequestScan(bytes), body: bytes, upstreamModel: "up", clientFormat: .openAI,
        decode: { try SiraJSON.decode(ChatRequest.self, from: $0) })
    let answer = ProviderReply.passthrough(
        headers: ["content-type": "application/json"],
        body: Array(
            #"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I assist you today?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}}"#
                .utf8))
    let upstream: Next<ChatCall, ProviderReply> = { _, _ in answer }
    _ = try await cache.handle(call, context: context, next: upstream)  // the miss that stores it
    var samples: [Double] = []
    for _ in 0..<7 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations {
            let fresh = RequestContext(requestID: "bench", clock: SystemClock(), logger: context.logger)
            _ = try await cache.handle(call, context: fresh, next: upstream)
        }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000)
    }
    let key = try CanonicalJSON.bytes(parsing: bytes)
    let keyTime = time(iterations) {
        _ = CacheKey(
            scope: "shared", generation: 0, format: .openAI, deployment: "m", stream: false, canonicalRequest: key)
    }
    let canonicalTime = try time(iterations) { _ = try CanonicalJSON.bytes(parsing: bytes) }
    print(
        name.padding(toLength: 26, withPad: " ", startingAt: 0)
            + String(
                format: "hit %7.2f   of which canonical form %7.2f, SHA-256 of it %6.2f", samples.sorted()[3],
                canonicalTime,
                keyTime))
}

let entries = 20_000
let memoryCache = MemoryCacheStore<CachedAnswer>(limits: cacheLimits)
let stored = (0..<entries).map { index in
    CachedAnswer.body(
        headers: ["content-type": "application/json"],
        bytes: Array(
            #"{"id":"chatcmpl-\#(index)","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I assist you today?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}}"#
                .utf8))
}
let before = residentBytes()
for (index, answer) in stored.enumerated() {
    let key = CacheKey(
        scope: "shared", generation: 0, format: .openAI, deployment: "m", stream: false,
        canonicalRequest: Array("request \(index)".utf8))
    memoryCache.store(answer, cost: answer.cost, for: key)
}
let grown = residentBytes() - before
let accounted = memoryCache.usage.bytes
print(
    String(
        format: "%d stored answers of %d bytes: accounted %d bytes per entry; resident memory grew %d bytes per entry",
        memoryCache.usage.entries, stored[0].cost, accounted / entries, grown / entries))
