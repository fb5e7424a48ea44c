import SiraCore
import SiraHTTPParser

/// Feeds a whole input to a fresh parser and returns every event, body pieces merged.
func parse(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> [HTTPParserEvent] {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(Array(text.utf8))
    var events: [HTTPParserEvent] = []
    while let event = parser.next() {
        if case .body(let more) = event, case .body(let previous)? = events.last {
            events[events.count - 1] = .body(previous + more)
        } else {
            events.append(event)
        }
    }
    return events
}

/// The status of the first error event, or nil.
func errorStatus(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> Int? {
    for case .error(let error) in parse(text, limits: limits) { return error.status }
    return nil
}

/// The first head, or nil.
func head(_ text: String) -> HTTPRequestHead? {
    for case .head(let head) in parse(text) { return head }
    return nil
}
