// The floor under Sira's proxy path: Sira's HTTP server and one upstream call per request (the
// client `sira serve` would use: the lean client, or AsyncHTTPClient with
// SIRA_UPSTREAM_CLIENT=async-http-client), with no JSON, no catalog and no provider code. The body is forwarded as received and the
// upstream's body returned. scripts/bench-proxy runs it next to `sira serve`, so the difference
// between the two is what SiraProviders adds, and this program's own cost is what the server and
// the upstream client cost together.
//
//   proxy-hop <listen port> <upstream URL>

import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import SiraCore
import SiraHTTP
import SiraProviders

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]) else {
    print("usage: proxy-hop <listen port> <upstream URL>")
    exit(2)
}
let upstreamURL = arguments[2]
// The same executor setup as `sira serve` (Sources/sira/Main.swift), so the comparison is fair.
if let threads = ProcessInfo.processInfo.environment["SIRA_THREADS"].flatMap(Int.init), threads > 0 {
    NIOSingletons.groupLoopCountSuggestion = threads
}
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let client = UpstreamClients().client(for: upstreamURL)
let router = Router([
    Route("POST", "/v1/chat/completions", maxBodySize: 1 << 20) { request, _ in
        let upstream = UpstreamRequest(
            url: upstreamURL, headers: ["content-type": "application/json"], body: request.body)
        let response = try await client.execute(upstream, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return GatewayResponse(
            status: 200, headers: ["content-type": "application/json"], body: .bytes(Array(body.readableBytesView)))
    }
])
var logger = Logger(label: "proxy-hop")
logger.logLevel = .warning
let server = HTTPServer(
    configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port, accessLog: false), router: router,
    logger: logger)
try await server.run()
