import SiraCore
import SiraHTTPParser
import Testing

@Suite("Header fields and message framing (RFC 9112 §5–6)")
struct FramingTests {
    static func request(_ headers: String, body: String = "", version: String = "HTTP/1.1") -> String {
        "POST /v1/x \(version)\r\n\(headers)\r\n\(body)"
    }

    @Test("a request with neither Content-Length nor Transfer-Encoding has no body")
    func noBody() {
        let events = ParserHarness.events(Self.request("Host: a\r\n"))
        #expect(events.count == 2)
        #expect(ParserHarness.head(Self.request("Host: a\r\n"))?.framing == BodyFraming.none)
        #expect(events.last == .end(trailers: [:]))
    }

    @Test("Content-Length delimits the body")
    func contentLength() {
        let text = Self.request("Host: a\r\nContent-Length: 5\r\n", body: "hello")
        #expect(ParserHarness.body(text) == Array("hello".utf8))
        #expect(ParserHarness.head(text)?.framing == .contentLength(5))
    }

    @Test("repeated identical Content-Length values are accepted, as a list or as fields")
    func identicalLengths() {
        #expect(ParserHarness.errorStatus(Self.request("Host: a\r\nContent-Length: 5, 5\r\n", body: "hello")) == nil)
        #expect(
            ParserHarness.errorStatus(
                Self.request("Host: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n", body: "hello")) == nil)
    }

    @Test(
        "rejected framing: smuggling shapes, bad lengths, bad codings",
        arguments: [
            ("Host: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n", 400),  // duplicate CL that differ
            ("Host: a\r\nContent-Length: 5, 6\r\n", 400),
            ("Host: a\r\nContent-Length: +5\r\n", 400),
            ("Host: a\r\nContent-Length: -1\r\n", 400),
            ("Host: a\r\nContent-Length: 0x10\r\n", 400),
            ("Host: a\r\nContent-Length: 1 2\r\n", 400),
            ("Host: a\r\nContent-Length: \r\n", 400),
            ("Host: a\r\nContent-Length: 99999999999999999999999\r\n", 400),  // overflow
            ("Host: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400),  // CL.TE
            ("Host: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400),  // TE.CL
            ("Host: a\r\nTransfer-Encoding: gzip, chunked\r\n", 501),
            ("Host: a\r\nTransfer-Encoding: identity\r\n", 501),
            ("Host: a\r\nTransfer-Encoding: chunked, chunked\r\n", 400),
            ("Host: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400),
            ("Host: a\r\nTransfer-Encoding: \r\n", 400),
            ("Host: a\r\nTransfer-Encoding: xchunked\r\n", 501),
            ("Content-Length: 0\r\n", 400),  // no Host on 1.1
            ("Host: a\r\nHost: b\r\n", 400),
            ("Host: a b\r\n", 400),
            ("Host: [::1\r\n", 400),
            ("Host: a:8x\r\n", 400),
            ("Host: a\r\nExpect: something-else\r\n", 417),
        ]
    )
    func rejected(headers: String, status: Int) {
        let text = Self.request(headers)
        #expect(ParserHarness.errorStatus(text) == status, "\(headers.debugDescription)")
    }

    @Test("Transfer-Encoding in an HTTP/1.0 request is rejected")
    func teOnHTTP10() {
        #expect(ParserHarness.errorStatus(Self.request("Transfer-Encoding: chunked\r\n", version: "HTTP/1.0")) == 400)
    }

    @Test("HTTP/1.0 needs no Host, closes by default and keeps alive only when asked")
    func http10() {
        #expect(ParserHarness.head(Self.request("", version: "HTTP/1.0"))?.keepAlive == false)
        #expect(ParserHarness.head(Self.request("Connection: keep-alive\r\n", version: "HTTP/1.0"))?.keepAlive == true)
    }

    @Test("HTTP/1.1 keeps alive unless Connection: close")
    func http11KeepAlive() {
        #expect(ParserHarness.head(Self.request("Host: a\r\n"))?.keepAlive == true)
        #expect(ParserHarness.head(Self.request("Host: a\r\nConnection: Close\r\n"))?.keepAlive == false)
        #expect(ParserHarness.head(Self.request("Host: a\r\nConnection: upgrade, close\r\n"))?.keepAlive == false)
    }

    @Test("Expect: 100-continue is seen on 1.1 and ignored on 1.0")
    func expectContinue() {
        #expect(ParserHarness.head(Self.request("Host: a\r\nExpect: 100-Continue\r\n"))?.expectsContinue == true)
        #expect(
            ParserHarness.head(Self.request("Expect: 100-continue\r\n", version: "HTTP/1.0"))?.expectsContinue == false)
    }

    @Test("valid Host forms", arguments: ["a", "example.com:8080", "[::1]:80", "127.0.0.1", "", "xn--d1a.com", "a:"])
    func validHosts(host: String) {
        #expect(ParserHarness.errorStatus(Self.request("Host: \(host)\r\n")) == nil)
    }

    @Test(
        "rejected field lines",
        arguments: [
            "Host: a\r\nX-A : 1\r\n",  // space before colon
            "Host: a\r\nX-A\t: 1\r\n",
            "Host: a\r\n : 1\r\n",
            "Host: a\r\n: 1\r\n",  // empty name
            "Host: a\r\nX-A: 1\r\n continued\r\n",  // obs-fold
            "Host: a\r\nX-A: 1\r\n\tcontinued\r\n",
            "Host: a\r\nX-A: a\u{0}b\r\n",  // NUL
            "Host: a\r\nX-A: a\rb\r\n",  // bare CR
            "Host: a\r\nX(A): 1\r\n",
            "Host: a\r\nNo colon here\r\n",
            "Host: a\r\nX-A: \u{7F}\r\n",
        ]
    )
    func rejectedFields(headers: String) {
        #expect(ParserHarness.errorStatus(Self.request(headers)) == 400, "\(headers.debugDescription)")
    }

    @Test("field values lose surrounding whitespace and keep inner whitespace and obs-text")
    func fieldValues() {
        let head = ParserHarness.head(Self.request("Host: a\r\nX-A: \t two  words \t\r\nX-B:\r\nX-C: caf\u{E9}\r\n"))
        #expect(head?.headers["x-a"] == "two  words")
        #expect(head?.headers["x-b"] == "")
        #expect(head?.headers["x-c"] == "café")
    }

    @Test("a bare LF ends nothing: it is rejected wherever it appears")
    func bareLF() {
        #expect(ParserHarness.errorStatus("GET / HTTP/1.1\nHost: a\r\n\r\n") == 400)
        #expect(ParserHarness.errorStatus("GET / HTTP/1.1\r\nHost: a\n\r\n") == 400)
        #expect(ParserHarness.errorStatus("GET / HTTP/1.1\r\nHost: a\r\n\n") == 400)
    }

    @Test("empty lines before a request line are skipped, up to a limit")
    func leadingEmptyLines() {
        #expect(ParserHarness.errorStatus("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == nil)
        #expect(
            ParserHarness.errorStatus(String(repeating: "\r\n", count: 20) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n") == 400
        )
    }
}
