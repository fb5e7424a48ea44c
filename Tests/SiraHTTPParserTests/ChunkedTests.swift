import SiraCore
import SiraHTTPParser
import Testing

@Suite("Chunked bodies (RFC 9112 §7.1)")
struct ChunkedTests {
    static func chunked(_ body: String) -> String {
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\(body)"
    }

    @Test("chunks are decoded and joined, and trailers are returned apart")
    func decodes() {
        let events = ParserHarness.events(
            Self.chunked("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n"))
        #expect(events.count == 3)
        #expect(events[1] == .body(Array("hello, world".utf8)))
        #expect(events[2] == .end(trailers: ["X-Checksum": "abc"]))
    }

    @Test("hex sizes in either case, extensions with tokens and quoted strings")
    func sizesAndExtensions() {
        let text = Self.chunked("A\r\n0123456789\r\na ; name = \"quoted \\\" value\" ; flag\r\nabcdefghij\r\n0\r\n\r\n")
        #expect(ParserHarness.body(text)?.count == 20)
        #expect(ParserHarness.errorStatus(text) == nil)
    }

    @Test(
        "rejected chunked encodings",
        arguments: [
            "x\r\nhello\r\n0\r\n\r\n",  // not hex
            "\r\nhello\r\n0\r\n\r\n",  // empty size
            "-5\r\nhello\r\n0\r\n\r\n",
            "5\r\nhelloXX0\r\n\r\n",  // no CRLF after data
            "5\r\nhello\n0\r\n\r\n",  // bare LF after data
            "5 x\r\nhello\r\n0\r\n\r\n",  // junk after the size
            "5;\r\nhello\r\n0\r\n\r\n",  // extension without a name
            "5;a=\"open\r\nhello\r\n0\r\n\r\n",  // unterminated quoted string
            "1000000000000000\r\n",  // 16 hex digits
            "0\r\nBad Trailer\r\n\r\n",
            "0\r\n folded\r\n\r\n",
        ]
    )
    func rejected(body: String) {
        #expect(ParserHarness.errorStatus(Self.chunked(body)) == 400, "\(body.debugDescription)")
    }

    @Test("chunk extensions over the limit are rejected")
    func extensionLimit() {
        let limits = HTTPParserLimits(maxChunkExtensionLength: 16)
        let text = Self.chunked("5;\(String(repeating: "a", count: 40))\r\nhello\r\n0\r\n\r\n")
        #expect(ParserHarness.errorStatus(text, limits: limits) == 400)
    }

    @Test("a trailer section over its limit is 431")
    func trailerLimit() {
        let limits = HTTPParserLimits(maxTrailerSectionSize: 32)
        let text = Self.chunked("0\r\nX-A: \(String(repeating: "a", count: 64))\r\n\r\n")
        #expect(ParserHarness.errorStatus(text, limits: limits) == 431)
    }

    @Test("a chunked body over the body limit is 413 as soon as the size line says so")
    func chunkedBodyLimit() {
        let limits = HTTPParserLimits(maxBodySize: 8)
        let events = ParserHarness.events(Self.chunked("5\r\nhello\r\n5\r\n"), limits: limits)
        #expect(events.last == .error(HTTPParseError(status: 413, reason: "request body too large")))
    }

    @Test("trailers never change framing: a Content-Length trailer is just a field")
    func trailersNotFraming() {
        let events = ParserHarness.events(
            Self.chunked("0\r\nContent-Length: 5\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(events.count == 4, "\(events)")
        if case .head(let head) = events[2] { #expect(head.method == "GET") } else { Issue.record("\(events)") }
    }
}
