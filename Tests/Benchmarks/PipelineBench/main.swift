// What the request path's machinery costs: an empty policy at each pipeline level (request, call,
// attempt), reading and writing JSON with Sira's own parser and writer against Foundation's, and what
// the pass-through path saves by scanning a request instead of decoding it.
// Built and run by scripts/bench-pipeline (release mode).

import Foundation
import Logging
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
