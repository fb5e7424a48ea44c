import SiraHTTPParser
import Testing

@Suite("Request line (RFC 9112 §3)")
struct RequestLineTests {
    @Test(
        "accepted request lines",
        arguments: [
            ("GET / HTTP/1.1", "GET", "/"),
            ("POST /v1/chat/completions HTTP/1.1", "POST", "/v1/chat/completions"),
            ("GET /v1/models?limit=2&x=%20 HTTP/1.1", "GET", "/v1/models?limit=2&x=%20"),
            ("GET http://example.com/a HTTP/1.1", "GET", "http://example.com/a"),
            ("CONNECT example.com:443 HTTP/1.1", "CONNECT", "example.com:443"),
            ("OPTIONS * HTTP/1.1", "OPTIONS", "*"),
            ("M-SEARCH / HTTP/1.1", "M-SEARCH", "/"),
            ("GET / HTTP/1.0", "GET", "/"),
        ]
    )
    func accepted(line: String, method: String, target: String) throws {
        let parsed = try RequestLine.parse(ArraySlice(line.utf8), maxTargetLength: 100).get()
        #expect(parsed.method == method && parsed.target == target)
    }

    @Test(
        "rejected request lines and their statuses",
        arguments: [
            ("GET  / HTTP/1.1", 400),  // two spaces
            ("GET\t/ HTTP/1.1", 400),  // tab separator
            ("GET / HTTP/1.1 ", 400),  // trailing space
            (" GET / HTTP/1.1", 400),  // leading space
            ("GET / http/1.1", 400),  // version is case-sensitive
            ("GET / HTTP/2.0", 505),
            ("GET / HTTP/0.9", 505),
            ("GET / HTTP/1.10", 400),
            ("GET /", 400),
            ("G(T / HTTP/1.1", 400),  // ( is not a token char
            ("GET /a\u{7F}b HTTP/1.1", 400),  // DEL in target
            ("GET /ü HTTP/1.1", 400),  // non-ASCII target
            ("GET example.com:80 HTTP/1.1", 400),  // authority-form only for CONNECT
            ("CONNECT /path HTTP/1.1", 400),
            ("GET * HTTP/1.1", 400),  // asterisk-form only for OPTIONS
            ("GET 1ttp://x HTTP/1.1", 400),
            ("GET /\(String(repeating: "a", count: 100)) HTTP/1.1", 414),
        ]
    )
    func rejected(line: String, status: Int) {
        switch RequestLine.parse(ArraySlice(line.utf8), maxTargetLength: 100) {
        case .success(let parsed): Issue.record("accepted \(line.debugDescription) as \(parsed)")
        case .failure(let error): #expect(error.status == status, "\(line.debugDescription): \(error)")
        }
    }
}
