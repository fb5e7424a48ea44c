// The request line: `method SP request-target SP HTTP-version` (RFC 9112 §3).

/// The three parts of a request line.
public struct RequestLine: Hashable, Sendable {
    /// The method token.
    public var method: String
    /// The request target.
    public var target: String
    /// The version.
    public var version: HTTPVersion
}

extension RequestLine {
    /// Parses a request line (without its CRLF).
    ///
    /// Exactly one SP separates the parts (no tabs, no runs of spaces: lenient splitting is how a
    /// proxy and a server come to disagree about a request). The method is a token; the target is
    /// visible ASCII in one of the four forms, checked against the method; the version is `HTTP/1.0`
    /// or `HTTP/1.1`, and any other well-formed version is 505.
    ///
    /// - Parameters:
    ///   - line: The line's bytes.
    ///   - maxTargetLength: The longest target allowed (longer: 414).
    /// - Returns: The parsed line, or the error to answer with.
    public static func parse(_ line: ArraySlice<UInt8>, maxTargetLength: Int) -> Result<RequestLine, HTTPParseError> {
        // exercise 1.1 begin: split on exactly two single spaces; check the method is a token, the target's length (414) and form, and the version (505 for other HTTP versions)
        guard let firstSpace = line.firstIndex(of: ASCII.space) else {
            return .failure(.badRequest("malformed request line"))
        }
        let method = line[line.startIndex..<firstSpace]
        let rest = line[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: ASCII.space) else {
            return .failure(.badRequest("malformed request line"))
        }
        let target = rest[rest.startIndex..<secondSpace]
        let versionBytes = rest[(secondSpace + 1)...]
        guard !method.isEmpty, method.allSatisfy(ASCII.isTokenChar) else {
            return .failure(.badRequest("invalid method"))
        }
        guard target.count <= maxTargetLength else {
            return .failure(HTTPParseError(status: 414, reason: "request target too long"))
        }
        guard !target.isEmpty, target.allSatisfy(ASCII.isVisible) else {
            return .failure(.badRequest("invalid request target"))
        }
        let version: HTTPVersion
        if versionBytes.elementsEqual("HTTP/1.1".utf8) {
            version = .http11
        } else if versionBytes.elementsEqual("HTTP/1.0".utf8) {
            version = .http10
        } else {
            let bytes = Array(versionBytes)
            let wellFormed =
                bytes.count == 8 && bytes.starts(with: Array("HTTP/".utf8)) && ASCII.isDigit(bytes[5])
                && bytes[6] == UInt8(ascii: ".") && ASCII.isDigit(bytes[7])
            return .failure(
                wellFormed
                    ? HTTPParseError(status: 505, reason: "HTTP version not supported")
                    : .badRequest("invalid HTTP version")
            )
        }
        let methodString = method.string
        guard RequestLine.isValidForm(target: target, method: methodString) else {
            return .failure(.badRequest("request target form not allowed for this method"))
        }
        return .success(RequestLine(method: methodString, target: target.string, version: version))
        // stub: return .failure(.badRequest("request line parsing is not written yet"))
        // exercise 1.1 end
    }

    /// Whether the target has a form RFC 9112 §3.2 allows for the method: origin-form (`/path`)
    /// for every method, absolute-form (`http://…`) for every method, authority-form (`host:port`)
    /// only for CONNECT, asterisk-form (`*`) only for OPTIONS.
    static func isValidForm(target: ArraySlice<UInt8>, method: String) -> Bool {
        if method == "CONNECT" { return isAuthorityForm(target) }
        if target.first == ASCII.slash { return true }
        if target.count == 1, target.first == ASCII.star { return method == "OPTIONS" }
        return isAbsoluteForm(target)
    }

    /// `scheme "://" …` with a scheme of letters, digits, `+`, `-`, `.`, starting with a letter.
    static func isAbsoluteForm(_ target: ArraySlice<UInt8>) -> Bool {
        guard let colon = target.firstIndex(of: ASCII.colon), colon > target.startIndex else { return false }
        let scheme = target[target.startIndex..<colon]
        guard let first = scheme.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A else { return false }
        let schemeOK = scheme.allSatisfy {
            ASCII.isDigit($0) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E
        }
        return schemeOK && target[colon...].starts(with: Array("://".utf8))
    }

    /// `host ":" port`, as CONNECT uses.
    static func isAuthorityForm(_ target: ArraySlice<UInt8>) -> Bool {
        guard let colon = target.lastIndex(of: ASCII.colon), colon > target.startIndex else { return false }
        let port = target[(colon + 1)...]
        return !port.isEmpty && port.allSatisfy(ASCII.isDigit) && HostField.isValid(target)
    }
}
