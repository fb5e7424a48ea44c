import SiraCore
import SiraHTTPParser

/// Runs the parser over inputs fed in given pieces and normalizes the events so that results of
/// different segmentations compare equal: adjacent body pieces are merged.
enum ParserHarness {
    static func events(_ pieces: [[UInt8]], limits: HTTPParserLimits = HTTPParserLimits()) -> [HTTPParserEvent] {
        var parser = HTTPRequestParser(limits: limits)
        var events: [HTTPParserEvent] = []
        for piece in pieces {
            parser.append(piece)
            while let event = parser.next() { events.append(event) }
        }
        return merged(events)
    }

    static func events(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> [HTTPParserEvent] {
        events([Array(text.utf8)], limits: limits)
    }

    static func merged(_ events: [HTTPParserEvent]) -> [HTTPParserEvent] {
        var result: [HTTPParserEvent] = []
        for event in events {
            if case .body(let more) = event, case .body(let previous)? = result.last {
                result[result.count - 1] = .body(previous + more)
            } else {
                result.append(event)
            }
        }
        return result
    }

    /// The first error status, or nil when there is none.
    static func errorStatus(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> Int? {
        for event in events(text, limits: limits) {
            if case .error(let error) = event { return error.status }
        }
        return nil
    }

    static func head(_ text: String) -> HTTPRequestHead? {
        for event in events(text) {
            if case .head(let head) = event { return head }
        }
        return nil
    }

    static func body(_ text: String) -> [UInt8]? {
        for event in events(text) {
            if case .body(let body) = event { return body }
        }
        return nil
    }
}
