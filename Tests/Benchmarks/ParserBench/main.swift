// Parser throughput: Sira's HTTPRequestParser against SwiftNIO's HTTPRequestDecoder (llhttp) on the
// same bytes. Built only by scripts/bench-parser (SIRA_BENCH=1), in release mode.
//
// Each input is a batch of identical pipelined requests in one buffer, so per-call overhead is
// amortized for both; every run parses the whole batch and counts complete requests. Reported:
// median of the repetitions, in MB/s and requests/s.

import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import SiraHTTPParser

let chatBody =
    #"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Write a haiku about gateways, and explain each line in one sentence. Keep it short and plain, and avoid rhymes that feel forced."}],"temperature":0.7,"max_tokens":256,"stream":false}"#
let chatRequest =
    "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: OpenAI/Python 1.54.0\r\n"
    + "Accept: application/json\r\nAccept-Encoding: gzip, deflate\r\nContent-Type: application/json\r\n"
    + "Authorization: Bearer sk-sira-0123456789abcdef0123456789abcdef\r\nX-Stainless-Lang: python\r\n"
    + "X-Stainless-Package-Version: 1.54.0\r\nX-Stainless-Retry-Count: 0\r\nConnection: keep-alive\r\n"
    + "Content-Length: \(chatBody.utf8.count)\r\n\r\n\(chatBody)"
let healthRequest = "GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n"

let batchSize = 1_000
let repetitions = Int(ProcessInfo.processInfo.environment["BENCH_REPETITIONS"] ?? "15") ?? 15

func siraParse(_ bytes: [UInt8]) -> Int {
    var parser = HTTPRequestParser()
    parser.append(bytes)
    var requests = 0
    while let event = parser.next() {
        if case .end = event { requests += 1 }
        if case .error(let error) = event { fatalError("sira rejected the input: \(error)") }
    }
    return requests
}

func nioParse(_ buffer: ByteBuffer) throws -> Int {
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder()))
    try channel.writeInbound(buffer)
    var requests = 0
    while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
        if case .end = part { requests += 1 }
    }
    _ = try channel.finish()
    return requests
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func measure(_ name: String, _ bytes: Int, _ body: () throws -> Int) rethrows -> (mbs: Double, rps: Double) {
    var seconds: [Double] = []
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        let count = try body()
        let elapsed = ContinuousClock.now - start
        precondition(count == batchSize, "\(name) parsed \(count) of \(batchSize) requests")
        seconds.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
    }
    let time = median(seconds)
    return (Double(bytes) / time / 1e6, Double(batchSize) / time)
}

print("parser benchmark: \(batchSize) pipelined requests per run, median of \(repetitions) runs")
print("input            bytes/req   sira MB/s   nio MB/s   sira req/s   nio req/s   sira/nio")
for (name, request) in [("chat completion", chatRequest), ("GET /health", healthRequest)] {
    let batch = String(repeating: request, count: batchSize)
    let bytes = Array(batch.utf8)
    let buffer = ByteBuffer(bytes: bytes)
    // Warm up both.
    _ = siraParse(bytes)
    _ = try nioParse(buffer)
    let sira = measure("sira", bytes.count) { siraParse(bytes) }
    let nio = try measure("nio", bytes.count) { try nioParse(buffer) }
    print(
        name.padding(toLength: 17, withPad: " ", startingAt: 0)
            + String(
                format: "%9d %11.1f %10.1f %12.0f %11.0f %10.2f", request.utf8.count, sira.mbs, nio.mbs, sira.rps,
                nio.rps, sira.rps / nio.rps)
    )
}
