// The pass-through principle (docs/architecture.md §3.1) in one function: when client and upstream
// speak the same format, the body goes upstream as received, with only the model name changed (and,
// for a forwarded stream, the usage asked for). Not decoded and re-encoded: that would reorder keys, reformat numbers and risk losing what Sira does not know.

import SiraCore

/// Replaces the value of the top-level `"model"` member in a JSON object, leaving every other byte
/// as it was.
public enum ModelFieldRewriter {
    /// The body with its top-level `model` string replaced, or `nil` when the body is not a JSON
    /// object with a string `model` at the top level.
    ///
    /// Nested `model` members (inside messages or tools) are left alone, and `model` inside strings
    /// is never mistaken for a key: `JSONObjectScan` reads the top level as a parser would. A
    /// repeated `model` is replaced everywhere, so the upstream sees only the upstream model
    /// whichever copy its parser keeps.
    ///
    /// - Parameters:
    ///   - body: The JSON body as received.
    ///   - model: The new model name.
    /// - Returns: The rewritten body, or `nil`.
    public static func replacingModel(in body: [UInt8], with model: String) -> [UInt8]? {
        rewriting(body, model: model, askingForStreamUsage: false)
    }

    /// The body with its top-level `model` replaced and, when asked, `stream_options.include_usage`
    /// set to `true` (merged into the client's `stream_options`, or added): an OpenAI-format
    /// upstream then reports a forwarded stream's usage, which budgets and token limits settle with.
    /// - Parameters:
    ///   - body: The JSON body as received.
    ///   - model: The new model name.
    ///   - askingForStreamUsage: Whether to ask for the usage chunk.
    /// - Returns: The rewritten body, or `nil` when the body is not a JSON object with a string
    ///   `model` at the top level.
    public static func rewriting(_ body: [UInt8], model: String, askingForStreamUsage: Bool) -> [UInt8]? {
        guard let object = try? JSONObjectScan(body) else { return nil }
        let models = object.members.filter { $0.name == "model" }
        guard !models.isEmpty, models.allSatisfy({ body[$0.value.lowerBound] == UInt8(ascii: "\"") }) else {
            return nil
        }
        var edits = models.map { (range: $0.value, bytes: JSONValue.string(model).jsonBytes()) }
        if askingForStreamUsage {
            if let options = object.last("stream_options") {
                var merged = (try? JSONValue(parsing: body[options]))?.objectValue ?? [:]
                merged["include_usage"] = true
                edits.append((options, JSONValue.object(merged).jsonBytes()))
            } else {
                let member = Array(#","stream_options":{"include_usage":true}"#.utf8)
                edits.append((object.closingBrace..<object.closingBrace, member))
            }
        }
        var result = body
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: edit.bytes)
        }
        return result
    }
}
