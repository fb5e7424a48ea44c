// Exercise 2.1: reading server-sent events.

import SiraProviders
import Testing

@Suite("2.1 Server-sent events from an upstream")
struct ServerSentEventExercises {
    func events(_ text: String) throws -> [ReceivedEvent] {
        var parser = ServerSentEventParser()
        return try parser.parse(Array(text.utf8))
    }

    @Test("2.1 a data line and a blank line make one event named message")
    func oneEvent() throws {
        #expect(try events("data: {\"a\":1}\n\n") == [ReceivedEvent(name: "message", data: "{\"a\":1}")])
    }

    @Test("2.1 an event line names the event; several data lines join with newlines")
    func namedMultiline() throws {
        #expect(
            try events("event: content_block_delta\ndata: one\ndata: two\n\n")
                == [ReceivedEvent(name: "content_block_delta", data: "one\ntwo")])
    }

    @Test("2.1 one leading space of the value is removed, not more; a colon-less line is a field with no value")
    func spaces() throws {
        #expect(try events("data:  x\n\n").first?.data == " x")
        #expect(try events("data:x\n\n").first?.data == "x")
        #expect(try events("data\n\n") == [ReceivedEvent(name: "message", data: "")])
    }

    @Test("2.1 comments and unknown fields are ignored; a blank line with no data dispatches nothing")
    func ignored() throws {
        #expect(try events(": keep-alive\n\nid: 7\nretry: 100\n\n").isEmpty)
        #expect(try events(": OPENROUTER PROCESSING\ndata: x\n\n") == [ReceivedEvent(name: "message", data: "x")])
    }

    @Test("2.1 the event name does not leak into the next event")
    func reset() throws {
        let received = try events("event: ping\ndata: 1\n\ndata: 2\n\n")
        #expect(received.map(\.name) == ["ping", "message"])
        #expect(received.map(\.data) == ["1", "2"])
    }

    @Test("2.1 CRLF and CR line ends (Gemini sends CRLF), split anywhere by the network")
    func lineEnds() throws {
        let text = "data: a\r\n\r\ndata: b\r\rdata: c\n\n"
        #expect(try events(text).map(\.data) == ["a", "b", "c"])
        var parser = ServerSentEventParser()
        var received: [ReceivedEvent] = []
        for byte in text.utf8 { received += try parser.parse([byte]) }
        #expect(received.map(\.data) == ["a", "b", "c"])
    }

    @Test("2.1 an event larger than the limit is an error, not unbounded memory")
    func limit() throws {
        var within = ServerSentEventParser(maxEventSize: 16)
        let events = try within.parse(Array("data: 1234\n\n".utf8))
        #expect(events.map(\.data) == ["1234"], "an event within its limit is delivered")
        var parser = ServerSentEventParser(maxEventSize: 8)
        #expect(throws: ServerSentEventParser.Failure.self) {
            try parser.parse(Array("data: 12345\ndata: 67890\n\n".utf8))
        }
    }
}
