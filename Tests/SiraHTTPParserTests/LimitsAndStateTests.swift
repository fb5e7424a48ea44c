import SiraCore
import SiraHTTPParser
import Testing

@Suite("Limits, pipelining and the state machine")
struct LimitsAndStateTests {
    @Test("a header section over its limit is 431, even before it is complete")
    func headerSectionLimit() {
        let limits = HTTPParserLimits(maxHeaderSectionSize: 64)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "a", count: 200))"
        #expect(ParserHarness.errorStatus(text, limits: limits) == 431)
    }

    @Test("more header fields than the limit is 431")
    func headerCountLimit() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(ParserHarness.errorStatus(text, limits: limits) == 431)
    }

    @Test("a long request target is 414, even before the line ends")
    func longTarget() {
        let limits = HTTPParserLimits(maxTargetLength: 32)
        #expect(ParserHarness.errorStatus("GET /\(String(repeating: "a", count: 200))", limits: limits) == 414)
    }

    @Test("a Content-Length over the body limit is 413 before any body byte arrives")
    func contentLengthLimit() {
        let limits = HTTPParserLimits(maxBodySize: 10)
        #expect(
            ParserHarness.errorStatus("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: limits) == 413
        )
    }

    @Test("a per-request body limit set after the head fails a larger declared body at once")
    func perRequestLimit() {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n".utf8))
        guard case .head = parser.next() else {
            Issue.record("expected a head")
            return
        }
        parser.limitBody(to: 50)
        #expect(parser.next() == .error(HTTPParseError(status: 413, reason: "request body too large")))
    }

    @Test("pipelined requests come out in order, each with its body")
    func pipelining() {
        let text =
            "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
        let events = ParserHarness.events(text)
        let targets = events.compactMap { event -> String? in
            if case .head(let head) = event { return head.target }
            return nil
        }
        #expect(targets == ["/a", "/b", "/c"])
        #expect(events.filter { if case .end = $0 { return true } else { return false } }.count == 3)
    }

    @Test("after an error the parser accepts nothing more")
    func failedStaysFailed() {
        var parser = HTTPRequestParser()
        parser.append(Array("BAD\r\n".utf8))
        guard case .error = parser.next() else {
            Issue.record("expected an error")
            return
        }
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() == nil)
    }

    @Test("the parser is idle between requests and not in the middle of one")
    func idle() {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle)
        parser.append(Array("GET / HTTP/1.1\r\n".utf8))
        _ = parser.next()
        #expect(!parser.isIdle)
        parser.append(Array("Host: a\r\n\r\n".utf8))
        while parser.next() != nil {}
        #expect(parser.isIdle)
    }
}
