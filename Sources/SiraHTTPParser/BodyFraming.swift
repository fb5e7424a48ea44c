// Deciding how the body is delimited, from the header fields (RFC 9112 §6). This is where request
// smuggling is stopped: a front proxy and a back server must never disagree about where a body
// ends, so every ambiguous combination is rejected rather than resolved.

import SiraCore

/// What the header section says about the body and the connection.
struct MessageSemantics: Hashable, Sendable {
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
}

extension BodyFraming {
    /// Decides the body framing of a request.
    ///
    /// - `Transfer-Encoding` with `Content-Length` is rejected (the CL.TE / TE.CL smuggling pair).
    /// - `Transfer-Encoding` on HTTP/1.0 is rejected (1.0 has no chunked coding).
    /// - `Transfer-Encoding` must end in `chunked`, once; other codings are not implemented (501).
    /// - `Content-Length` is digits only, no sign, no overflow; repeated values must be identical.
    /// - Neither: no body.
    ///
    /// - Parameters:
    ///   - headers: The header fields.
    ///   - version: The request's version.
    /// - Returns: The framing, or the error to answer with.
    static func decide(headers: Headers, version: HTTPVersion) -> Result<BodyFraming, HTTPParseError> {
        // exercise 1.3 begin: TE with CL → 400; TE on HTTP/1.0 → 400; TE must be exactly "chunked" (unknown codings 501, chunked not last or twice 400); CL digits only, repeated values identical, no overflow; neither → none
        var transferEncodings: [String] = []
        var contentLengths: [String] = []
        for field in headers.fields {
            switch field.name.utf8.count {
            case 14 where field.name.caseInsensitiveEquals("content-length"): contentLengths.append(field.value)
            case 17 where field.name.caseInsensitiveEquals("transfer-encoding"): transferEncodings.append(field.value)
            default: continue
            }
        }
        if !transferEncodings.isEmpty {
            guard contentLengths.isEmpty else {
                return .failure(.badRequest("both Transfer-Encoding and Content-Length"))
            }
            guard version == .http11 else {
                return .failure(.badRequest("Transfer-Encoding in an HTTP/1.0 request"))
            }
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }
                .map { $0.trimmingOWS.lowercased() }
                .filter { !$0.isEmpty }
            guard let last = codings.last else { return .failure(.badRequest("empty Transfer-Encoding")) }
            if let unknown = codings.first(where: { $0 != "chunked" }), !unknown.hasPrefix("chunked") {
                return .failure(HTTPParseError(status: 501, reason: "transfer coding not implemented"))
            }
            guard last == "chunked", codings.count == 1 else {
                return .failure(.badRequest("chunked must be the only and final transfer coding"))
            }
            return .success(.chunked)
        }
        guard !contentLengths.isEmpty else { return .success(.none) }
        if contentLengths.count == 1, let length = Self.parseLength(Substring(contentLengths[0])) {
            return .success(.contentLength(length))  // the common case: one field, one value
        }
        var length: Int?
        for element in contentLengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = element.trimmingOWS
            guard let value = Self.parseLength(digits) else {
                return .failure(.badRequest("invalid Content-Length"))
            }
            if let length, length != value { return .failure(.badRequest("conflicting Content-Length values")) }
            length = value
        }
        return .success(.contentLength(length ?? 0))
        // stub: return .success(.none)
        // exercise 1.3 end
    }

    /// Parses `1*DIGIT` into an `Int`, refusing signs, spaces, empty strings and overflow.
    static func parseLength(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy(ASCII.isDigit) else { return nil }
        var value = 0
        for byte in text.utf8 {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }
}

extension MessageSemantics {
    /// Reads framing, persistence and expectations from a request's header section.
    ///
    /// - Parameters:
    ///   - headers: The header fields.
    ///   - version: The request's version.
    /// - Returns: The semantics, or the error to answer with.
    static func of(headers: Headers, version: HTTPVersion) -> Result<MessageSemantics, HTTPParseError> {
        // One pass over the fields picks out the few that matter here; most fields are none of them.
        var hostCount = 0
        var host: String?
        var connectionClose = false
        var connectionKeepAlive = false
        var expect: String?
        for field in headers.fields {
            switch field.name.utf8.count {
            case 4 where field.name.caseInsensitiveEquals("host"):
                hostCount += 1
                host = field.value
            case 6 where field.name.caseInsensitiveEquals("expect"):
                expect = field.value
            case 10 where field.name.caseInsensitiveEquals("connection"):
                for option in field.value.split(separator: ",") {
                    let token = option.trimmingOWS
                    if token.utf8.count == 5, String(token).caseInsensitiveEquals("close") { connectionClose = true }
                    if token.utf8.count == 10, String(token).caseInsensitiveEquals("keep-alive") {
                        connectionKeepAlive = true
                    }
                }
            default:
                continue
            }
        }
        if version == .http11, hostCount != 1 {
            return .failure(.badRequest(hostCount == 0 ? "missing Host" : "more than one Host"))
        }
        if hostCount > 1 { return .failure(.badRequest("more than one Host")) }
        if let host, !HostField.isValid(ArraySlice(host.utf8)) {
            return .failure(.badRequest("invalid Host"))
        }
        let framing: BodyFraming
        switch BodyFraming.decide(headers: headers, version: version) {
        case .success(let value): framing = value
        case .failure(let error): return .failure(error)
        }
        let keepAlive = version == .http11 ? !connectionClose : connectionKeepAlive && !connectionClose
        var expectsContinue = false
        if let expect, version == .http11 {
            guard expect.caseInsensitiveEquals("100-continue") else {
                return .failure(HTTPParseError(status: 417, reason: "unsupported expectation"))
            }
            expectsContinue = true
        }
        return .success(MessageSemantics(framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue))
    }
}

extension Substring {
    /// The text without leading and trailing SP and HTAB (optional whitespace), compared as bytes:
    /// header values are ASCII where it matters, and comparing `Character`s was the slowest part of
    /// the parser before (see docs/benchmarks.md).
    var trimmingOWS: Substring {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == ASCII.space || bytes[start] == ASCII.tab {
            start = bytes.index(after: start)
        }
        while start < end {
            let last = bytes.index(before: end)
            guard bytes[last] == ASCII.space || bytes[last] == ASCII.tab else { break }
            end = last
        }
        return self[start..<end]
    }
}
