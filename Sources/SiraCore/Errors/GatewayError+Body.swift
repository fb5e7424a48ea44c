// How an error is written on the wire: the body in the caller's format and the `Retry-After` header.

extension GatewayError {
    /// The JSON body of the error in the caller's format.
    ///
    /// OpenAI: `{"error":{"message":…,"type":…,"param":…,"code":…}}` with all four members present
    /// (`param` may be `null`). Anthropic: `{"type":"error","error":{"type":…,"message":…}}`.
    ///
    /// - Parameter format: The caller's API.
    /// - Returns: The body as a JSON value.
    public func body(_ format: APIFormat) -> JSONValue {
        // exercise 0.1 begin: build the error body in the caller's format (OpenAI: all four members, param null when absent; Anthropic: its type vocabulary)
        switch format {
        case .openAI:
            return [
                "error": [
                    "message": .string(message),
                    "type": .string(kind.openAIType),
                    "param": param.map(JSONValue.string) ?? .null,
                    "code": .string(kind.code),
                ]
            ]
        case .anthropic:
            return ["type": "error", "error": ["type": .string(kind.anthropicType), "message": .string(message)]]
        }
        // stub: return .null
        // exercise 0.1 end
    }

    /// The value of the `Retry-After` header: whole seconds, rounded up, at least 1; `nil` when unset.
    ///
    /// `Retry-After` takes whole seconds (RFC 9110 §10.2.3), so 300 ms is sent as 1, never 0, which
    /// clients would read as "retry now".
    public var retryAfterHeader: String? {
        // exercise 0.1 begin: round `retryAfter` up to whole seconds, at least 1
        guard let retryAfter else { return nil }
        let (seconds, attoseconds) = retryAfter.components
        let whole = seconds + (attoseconds > 0 ? 1 : 0)
        return String(max(1, whole))
        // stub: return nil
        // exercise 0.1 end
    }

    /// The complete response for this error: status, `Retry-After` when set, the error's own
    /// header fields, JSON body.
    /// - Parameter format: The caller's API.
    /// - Returns: A response ready to write.
    public func response(_ format: APIFormat) -> GatewayResponse {
        var headers = Headers([("content-type", "application/json")])
        if let retryAfter = retryAfterHeader { headers.add("retry-after", retryAfter) }
        for field in self.headers { headers.add(field.name, field.value) }
        return GatewayResponse(status: status, headers: headers, body: .bytes(body(format).jsonBytes()))
    }
}
