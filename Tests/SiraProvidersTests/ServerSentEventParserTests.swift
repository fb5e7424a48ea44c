import SiraProviders
import Testing

@Suite("Server-sent event parser")
struct ServerSentEventParserTests {
    func parse(_ pieces: [String]) throws -> [ReceivedEvent] {
        var parser = ServerSentEventParser()
        var events: [ReceivedEvent] = []
        for piece in pieces { events += try parser.parse(Array(piece.utf8)) }
        return events
    }

    @Test("data lines, event names, comments and multi-line data")
    func basics() throws {
        let events = try parse([
            ": keep-alive\n\nevent: message_start\ndata: {\"a\":1}\n\ndata: one\ndata: two\n\ndata:[DONE]\n\n"
        ])
        #expect(
            events == [
                ReceivedEvent(name: "message_start", data: #"{"a":1}"#),
                ReceivedEvent(name: "message", data: "one\ntwo"),
                ReceivedEvent(name: "message", data: "[DONE]"),
            ]
        )
    }

    @Test("CRLF, LF and CR line ends, split anywhere, give the same events")
    func lineEndsAndSplits() throws {
        let base = "event: e\ndata: x\n\ndata: y\n\n"
        for text in [
            base, base.replacingOccurrences(of: "\n", with: "\r\n"), base.replacingOccurrences(of: "\n", with: "\r"),
        ] {
            let whole = try parse([text])
            #expect(whole.count == 2, "\(text.debugDescription)")
            let bytes = Array(text.utf8)
            for split in 0...bytes.count {
                var parser = ServerSentEventParser()
                let events = try parser.parse(bytes[..<split]) + parser.parse(bytes[split...])
                #expect(events == whole, "split at \(split) of \(text.debugDescription)")
            }
        }
    }

    @Test("an event over the size limit is an error, not unbounded memory")
    func limit() {
        var parser = ServerSentEventParser(maxEventSize: 16)
        #expect(throws: ServerSentEventParser.Failure.self) {
            _ = try parser.parse(Array("data: \(String(repeating: "x", count: 64))\n\n".utf8))
        }
    }

    @Test("an empty line without data dispatches nothing")
    func emptyEvents() throws {
        #expect(try parse(["\n\n\nevent: x\n\n"]).isEmpty)
    }
}
