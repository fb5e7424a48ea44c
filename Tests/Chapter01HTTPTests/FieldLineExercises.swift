// Exercise 1.2: one header field line.

import SiraCore
import SiraHTTPParser
import Testing

@Suite("1.2 Header field lines")
struct FieldLineExercises {
    func request(_ fields: String) -> String { "GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n" }

    /// A rejection only means something if the same request without the fault is accepted.
    func expectControlAccepted() {
        #expect(head(request("X-Control: fine\r\n")) != nil, "a valid request must parse (exercises 1.1 and 1.2)")
    }

    @Test("1.2 fields are parsed into names and trimmed values")
    func parsesFields() {
        let parsed = head(request("Content-Type:  application/json \t\r\nX-Empty:\r\n"))
        #expect(parsed?.headers["content-type"] == "application/json")
        #expect(parsed?.headers["x-empty"] == "")
        #expect(parsed?.headers["host"] == "a")
    }

    @Test("1.2 whitespace between the name and the colon is 400")
    func spaceBeforeColon() {
        expectControlAccepted()
        #expect(errorStatus(request("Content-Length : 5\r\n")) == 400)
    }

    @Test("1.2 obsolete line folding is 400")
    func obsFold() {
        expectControlAccepted()
        #expect(errorStatus(request("X-A: 1\r\n  more\r\n")) == 400)
    }

    @Test("1.2 control characters in a value are 400")
    func controlCharacters() {
        expectControlAccepted()
        #expect(errorStatus(request("X-A: a\u{0}b\r\n")) == 400)
        #expect(errorStatus(request("X-A: a\u{1}b\r\n")) == 400)
    }

    @Test("1.2 a name must be a non-empty token")
    func nameToken() {
        expectControlAccepted()
        #expect(errorStatus(request(": value\r\n")) == 400)
        #expect(errorStatus(request("X A: value\r\n")) == 400)
        #expect(errorStatus(request("no-colon\r\n")) == 400)
    }
}
