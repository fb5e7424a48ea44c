// A request body that does not decode becomes a 400 that names the member at fault.

extension GatewayError {
    /// The 400 for a body that is not JSON, or not a valid request: the message and `param` name the
    /// member at fault (`messages[1].content`), never echo its value.
    /// - Parameter error: The decoding error.
    public init(decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                if let index = key.intValue { return path + "[\(index)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self.init(.invalidJSON, "The request body is not valid JSON.")
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            self.init(.invalidRequest, "The request body must be a JSON object.")
        case .keyNotFound(let key, let context):
            let member = path(context.codingPath + [key])
            self.init(.invalidRequest, "Missing required member '\(member)'.", param: member)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let member = path(context.codingPath)
            self.init(.invalidRequest, "Member '\(member)' must be of type \(type).", param: member)
        case .dataCorrupted(let context):
            let member = path(context.codingPath)
            self.init(.invalidRequest, "Member '\(member)' is invalid.", param: member)
        @unknown default:
            self.init(.invalidRequest, "The request is invalid.")
        }
    }
}
