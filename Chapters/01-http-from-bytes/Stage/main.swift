// The gateway as it stands after chapter 01: an HTTP/1.1 server with a health check and an echo
// endpoint that shows what the parser made of a request. Run it with `swift run stage-01` and try
// `curl -i localhost:8080/health` or `curl -i -d 'hi' localhost:8080/echo`.

import Logging
import SiraCore
import SiraHTTP

let router = Router([
    Route("GET", "/health") { _, _ in .json(["status": "ok"]) },
    Route("POST", "/echo", maxBodySize: 64 * 1024) { request, context in
        let headers = request.headers.map { JSONValue.string("\($0.name): \($0.value)") }
        return .json([
            "request_id": .string(context.requestID),
            "method": .string(request.method),
            "target": .string(request.target),
            "headers": .array(headers),
            "body": .string(String(decoding: request.body, as: UTF8.self)),
        ])
    },
])
let server = HTTPServer(
    configuration: HTTPServerConfiguration(port: 8080), router: router, logger: Logger(label: "stage-01"))
try await server.run()
