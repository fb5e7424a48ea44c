// Exercise 1.4: chunk-size lines.

import SiraCore
import SiraHTTPParser
import Testing

@Suite("1.4 Chunk-size lines")
struct ChunkedExercises {
    func chunked(_ body: String, limits: HTTPParserLimits = HTTPParserLimits()) -> [HTTPParserEvent] {
        parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\(body)", limits: limits)
    }

    func body(_ events: [HTTPParserEvent]) -> String? {
        for case .body(let bytes) in events { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    func status(_ events: [HTTPParserEvent]) -> Int? {
        for case .error(let error) in events { return error.status }
        return nil
    }

    @Test("1.4 sizes are hexadecimal, in either case")
    func hexSizes() {
        let events = chunked("a\r\n0123456789\r\nB\r\nabcdefghijk\r\n0\r\n\r\n")
        #expect(body(events) == "0123456789abcdefghijk")
        #expect(status(events) == nil)
    }

    @Test("1.4 extensions are accepted and ignored")
    func extensions() {
        let events = chunked("5;a=b ; c=\"d e\";f\r\nhello\r\n0\r\n\r\n")
        #expect(body(events) == "hello", "\(events)")
    }

    @Test("1.4 a size that is not hex, or is missing, is 400")
    func invalidSizes() {
        #expect(body(chunked("1\r\nx\r\n0\r\n\r\n")) == "x", "a valid chunked body must parse")
        #expect(status(chunked("z\r\nhello\r\n0\r\n\r\n")) == 400)
        #expect(status(chunked(";a=b\r\nhello\r\n0\r\n\r\n")) == 400)
    }

    @Test("1.4 a size too large to represent is 400, not an overflow")
    func overflow() {
        #expect(body(chunked("1\r\nx\r\n0\r\n\r\n")) == "x", "a valid chunked body must parse")
        #expect(status(chunked("fffffffffffffffffff\r\n")) == 400)
    }

    @Test("1.4 junk after the size, or an extension without a name, is 400")
    func junk() {
        #expect(body(chunked("1\r\nx\r\n0\r\n\r\n")) == "x", "a valid chunked body must parse")
        #expect(status(chunked("5 five\r\nhello\r\n0\r\n\r\n")) == 400)
        #expect(status(chunked("5;=x\r\nhello\r\n0\r\n\r\n")) == 400)
    }

    @Test("1.4 extensions longer than the limit are 400")
    func extensionLimit() {
        #expect(body(chunked("1\r\nx\r\n0\r\n\r\n")) == "x", "a valid chunked body must parse")
        let limits = HTTPParserLimits(maxChunkExtensionLength: 8)
        #expect(status(chunked("5;abcdefghijkl\r\nhello\r\n0\r\n\r\n", limits: limits)) == 400)
    }
}
