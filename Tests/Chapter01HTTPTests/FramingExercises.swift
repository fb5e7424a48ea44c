// Exercise 1.3: deciding the body framing.

import SiraCore
import SiraHTTPParser
import Testing

@Suite("1.3 Body framing and request smuggling")
struct FramingExercises {
    func request(_ fields: String, version: String = "HTTP/1.1") -> String {
        "POST / \(version)\r\nHost: a\r\n\(fields)\r\n"
    }

    @Test("1.3 Content-Length gives a fixed body, Transfer-Encoding: chunked a chunked one, neither none")
    func framings() {
        #expect(head(request("Content-Length: 12\r\n"))?.framing == .contentLength(12))
        #expect(head(request("Transfer-Encoding: chunked\r\n"))?.framing == .chunked)
        #expect(head(request(""))?.framing == BodyFraming.none)
    }

    @Test("1.3 both Transfer-Encoding and Content-Length is 400 (CL.TE and TE.CL smuggling)")
    func both() {
        #expect(head(request("Content-Length: 0\r\n")) != nil, "a valid request must parse")
        #expect(errorStatus(request("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n")) == 400)
        #expect(errorStatus(request("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n")) == 400)
    }

    @Test("1.3 differing Content-Length values are 400, identical ones are accepted")
    func duplicates() {
        #expect(head(request("Content-Length: 0\r\n")) != nil, "a valid request must parse")
        #expect(errorStatus(request("Content-Length: 4\r\nContent-Length: 5\r\n")) == 400)
        #expect(head(request("Content-Length: 4\r\nContent-Length: 4\r\n"))?.framing == .contentLength(4))
    }

    @Test("1.3 Content-Length is digits only, without sign or overflow")
    func lengthSyntax() {
        #expect(head(request("Content-Length: 0\r\n")) != nil, "a valid request must parse")
        for value in ["+4", "-4", "4.0", "0x4", "", "184467440737095516160"] {
            #expect(errorStatus(request("Content-Length: \(value)\r\n")) == 400, "Content-Length: \(value)")
        }
    }

    @Test("1.3 unknown transfer codings are 501; chunked twice or not last is 400")
    func codings() {
        #expect(head(request("Content-Length: 0\r\n")) != nil, "a valid request must parse")
        #expect(errorStatus(request("Transfer-Encoding: gzip, chunked\r\n")) == 501)
        #expect(errorStatus(request("Transfer-Encoding: chunked, chunked\r\n")) == 400)
    }

    @Test("1.3 Transfer-Encoding on HTTP/1.0 is 400")
    func http10() {
        #expect(head(request("Content-Length: 0\r\n")) != nil, "a valid request must parse")
        #expect(errorStatus(request("Transfer-Encoding: chunked\r\n", version: "HTTP/1.0")) == 400)
    }
}
