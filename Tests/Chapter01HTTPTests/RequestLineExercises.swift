// Exercise 1.1: the request line.

import SiraHTTPParser
import Testing

@Suite("1.1 The request line")
struct RequestLineExercises {
    func parse(_ line: String) -> Result<RequestLine, HTTPParseError> {
        RequestLine.parse(ArraySlice(line.utf8), maxTargetLength: 64)
    }

    @Test("1.1 a request line splits into method, target and version")
    func splits() throws {
        let line = try parse("POST /v1/chat/completions?x=1 HTTP/1.1").get()
        #expect(line.method == "POST" && line.target == "/v1/chat/completions?x=1" && line.version == .http11)
        #expect(try parse("GET / HTTP/1.0").get().version == .http10)
    }

    @Test("1.1 separators are exactly one space: doubled spaces and tabs are 400")
    func singleSpaces() {
        #expect((try? parse("GET / HTTP/1.1").get())?.target == "/", "single spaces are the valid form")
        for line in ["GET  / HTTP/1.1", "GET /\tHTTP/1.1", "GET / HTTP/1.1 "] {
            #expect((try? parse(line).get()) == nil, "\(line.debugDescription) must be rejected")
        }
    }

    @Test("1.1 a method must be a token")
    func methodToken() {
        #expect((try? parse("M-SEARCH / HTTP/1.1").get())?.method == "M-SEARCH", "a token may hold '-'")
        #expect((try? parse("GE{T / HTTP/1.1").get()) == nil)
    }

    @Test("1.1 other HTTP versions are 505, malformed versions 400")
    func versions() {
        guard case .failure(let error) = parse("GET / HTTP/2.0") else {
            Issue.record("HTTP/2.0 must be rejected")
            return
        }
        #expect(error.status == 505)
        guard case .failure(let malformed) = parse("GET / HTTPS/1.1") else {
            Issue.record("HTTPS/1.1 must be rejected")
            return
        }
        #expect(malformed.status == 400)
    }

    @Test("1.1 a target longer than the limit is 414")
    func longTarget() {
        guard case .failure(let error) = parse("GET /\(String(repeating: "a", count: 80)) HTTP/1.1") else {
            Issue.record("a long target must be rejected")
            return
        }
        #expect(error.status == 414)
    }

    @Test("1.1 target forms: * only for OPTIONS, host:port only for CONNECT")
    func targetForms() {
        #expect((try? parse("OPTIONS * HTTP/1.1").get()) != nil)
        #expect((try? parse("GET * HTTP/1.1").get()) == nil)
        #expect((try? parse("CONNECT api.example.com:443 HTTP/1.1").get()) != nil)
        #expect((try? parse("GET api.example.com:443 HTTP/1.1").get()) == nil)
        #expect((try? parse("GET http://api.example.com/x HTTP/1.1").get()) != nil)
    }
}
