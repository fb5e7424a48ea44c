import SiraCore
import SiraHTTPParser
import Testing

/// The same bytes split anywhere must give the same events.
@Suite("Segmentation: results do not depend on how bytes arrive")
struct SegmentationTests {
    static let inputs: [String] = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /v1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=\"y\"\r\nabc\r\n0\r\nT: 1\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: 1\nY: 2\r\n\r\n",  // bare LF: an error wherever it is split
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",  // bad chunk end
        "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    ]

    @Test("every single split point gives the same events", arguments: inputs)
    func everySplit(text: String) {
        let bytes = Array(text.utf8)
        let whole = ParserHarness.events([bytes])
        for split in 0...bytes.count {
            let pieces = [Array(bytes[..<split]), Array(bytes[split...])]
            #expect(ParserHarness.events(pieces) == whole, "split at \(split)")
        }
    }

    @Test("every pair of split points gives the same events", arguments: inputs.prefix(3))
    func everyPairOfSplits(text: String) {
        let bytes = Array(text.utf8)
        let whole = ParserHarness.events([bytes])
        for first in 0...bytes.count {
            for second in first...bytes.count {
                let pieces = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                if ParserHarness.events(pieces) != whole {
                    Issue.record("splits at \(first) and \(second) differ")
                    return
                }
            }
        }
    }

    @Test("byte-at-a-time and random segmentations of a large pipelined input agree")
    func randomLarge() {
        var generator = SplitMix64(seed: 42)
        var text = ""
        for index in 1...50 {
            let body = String(repeating: "x", count: index * 37)
            text += "POST /r\(index) HTTP/1.1\r\nHost: h\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            text += "POST /c\(index) HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            text += "\(String(body.utf8.count, radix: 16))\r\n\(body)\r\n0\r\n\r\n"
        }
        let bytes = Array(text.utf8)
        let whole = ParserHarness.events([bytes])
        #expect(whole.count == 50 * 2 * 3, "head, body and end for each of 100 requests")
        #expect(!whole.contains { if case .error = $0 { return true } else { return false } })
        #expect(ParserHarness.events(bytes.map { [$0] }) == whole, "byte at a time")
        for _ in 0..<20 {
            var pieces: [[UInt8]] = []
            var index = 0
            while index < bytes.count {
                let length = Int(generator.next() % 700) + 1
                pieces.append(Array(bytes[index..<min(bytes.count, index + length)]))
                index += length
            }
            #expect(ParserHarness.events(pieces) == whole)
        }
    }
}

/// A small seeded generator, so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
