// The `x-sira-*` fields every chat and embeddings endpoint writes, in one place, from the request's
// report.

import SiraCore
import SiraProviders

/// What the client learns about how its request was served, and what it tells routing.
public enum ResponseFields {
    /// The routing metadata a client sent in `x-sira-metadata` (a JSON object of strings, at most
    /// 4 KiB), for conditional routing.
    /// - Parameter request: The HTTP request.
    /// - Returns: The metadata; empty without the header.
    /// - Throws: `invalidRequest` naming the header when it is not such an object.
    public static func metadata(_ request: GatewayRequest) throws -> [String: String] {
        guard let header = request.headers["x-sira-metadata"] else { return [:] }
        guard header.utf8.count <= 4096, let object = (try? JSONValue(parsing: header.utf8))?.objectValue else {
            throw GatewayError(
                .invalidRequest, "The x-sira-metadata header must be a JSON object of strings, at most 4 KiB.",
                param: "x-sira-metadata")
        }
        var metadata: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.stringValue else {
                throw GatewayError(
                    .invalidRequest,
                    "The x-sira-metadata header's values must be strings ('\(key.prefix(40))' is not).",
                    param: "x-sira-metadata")
            }
            metadata[key] = text
        }
        return metadata
    }

    /// Adds `x-sira-dropped`: the members of a decoded request that the entry's provider leaves behind
    /// when it translates for a client of `format` (nothing when it forwards that format untouched).
    /// - Parameters:
    ///   - headers: The response's fields.
    ///   - call: The call as sent (a scanned call was forwarded: nothing was dropped).
    ///   - entry: The catalog entry.
    ///   - format: The client's wire format.
    static func addDropped(
        to headers: inout Headers, call: ChatCall, entry: ModelCatalog.Entry, format: WireFormat
    ) {
        guard let request = call.request, !entry.provider.passesThrough(format) else { return }
        let dropped = entry.provider.droppedMembers(of: request)
        if !dropped.isEmpty { headers.add("x-sira-dropped", dropped.joined(separator: ", ")) }
    }

    /// Runs a model call and returns its answer with the `x-sira-*` fields. A failure carries
    /// them too: the last attempt's provider and model, and how many attempts were made.
    /// - Parameters:
    ///   - entry: The catalog entry.
    ///   - context: The request's context, whose report the call fills.
    ///   - call: The model call.
    /// - Returns: The answer and the header fields.
    /// - Throws: What the call throws, with the fields added when it is a `GatewayError`.
    static func reporting<Reply>(
        entry: ModelCatalog.Entry, context: RequestContext, _ call: () async throws -> Reply
    ) async throws -> (Reply, Headers) {
        do {
            let reply = try await call()
            return (reply, fields(entry: entry, context: context))
        } catch var error as GatewayError {
            for field in fields(entry: entry, context: context) { error.headers.add(field.name, field.value) }
            throw error
        }
    }

    /// `x-sira-provider` and `x-sira-model` (the answering attempt's; for a failure, the last
    /// attempt's; without attempts, the catalog entry's), `x-sira-attempts`, `x-sira-overhead-ms`
    /// (the time since the request arrived that was not spent waiting for an upstream), and the
    /// fields policies added to the report.
    /// - Parameters:
    ///   - entry: The catalog entry.
    ///   - context: The request's context.
    /// - Returns: The header fields.
    static func fields(entry: ModelCatalog.Entry, context: RequestContext) -> Headers {
        let report = context.report
        let attempts = report.attempts
        let answered = attempts.last { $0.error == nil } ?? attempts.last
        let overhead = max(.zero, (context.clock.now - context.receivedAt) - report.upstreamTime)
        // Hundredths of a millisecond, formatted by hand: `String(format:)` costs more than the rest
        // of this function on every request.
        let hundredths = overhead.components.seconds * 100_000 + overhead.components.attoseconds / 10_000_000_000_000
        let fraction = hundredths % 100
        var fields: Headers = [
            "x-sira-provider": answered?.provider ?? entry.provider.name,
            "x-sira-model": answered?.model ?? entry.upstreamModel,
            "x-sira-attempts": String(report.isCounted ? attempts.count : max(1, attempts.count)),
            "x-sira-overhead-ms": "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)",
        ]
        for field in report.responseHeaders { fields.add(field.name, field.value) }
        return fields
    }
}
