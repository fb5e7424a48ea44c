// The `x-sira-*` fields every chat and embeddings surface writes, in one place.

import Foundation
import SiraCore

/// What the client learns about how its request was served, and what it tells routing.
public enum SiraResponseHeaders {
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

    /// Runs a provider call and returns its answer with the `x-sira-*` fields. A failure carries
    /// them too: the last attempt's provider and model, and how many attempts were made.
    /// - Parameters:
    ///   - entry: The catalog entry.
    ///   - report: The report the call fills.
    ///   - context: The request's context.
    ///   - call: The provider call.
    /// - Returns: The answer and the header fields.
    /// - Throws: What the call throws, with the fields added when it is a `GatewayError`.
    static func reporting<Reply>(
        entry: ModelCatalog.Entry, report: CallReport, context: RequestContext,
        _ call: () async throws -> Reply
    ) async throws -> (Reply, Headers) {
        let started = context.clock.now
        do {
            let reply = try await call()
            return (
                reply, fields(entry: entry, report: report, providerTime: context.clock.now - started, context: context)
            )
        } catch var error as GatewayError {
            let fields = fields(
                entry: entry, report: report, providerTime: context.clock.now - started, context: context)
            for field in fields { error.headers.add(field.name, field.value) }
            throw error
        }
    }

    /// `x-sira-provider` and `x-sira-model` (the answering attempt's; for a failure, the last
    /// attempt's; without attempts, the catalog entry's),
    /// `x-sira-attempts`, and `x-sira-overhead-ms`: the time since the request arrived that was not
    /// spent waiting for an upstream.
    /// - Parameters:
    ///   - entry: The catalog entry.
    ///   - report: The call's report.
    ///   - providerTime: How long the provider call (`chat` or `embed`) took (used when the report has no attempts).
    ///   - context: The request's context.
    /// - Returns: The header fields.
    static func fields(
        entry: ModelCatalog.Entry, report: CallReport, providerTime: Duration, context: RequestContext
    ) -> Headers {
        let attempts = report.attempts
        let answered = attempts.last { $0.error == nil } ?? attempts.last
        let upstream = attempts.isEmpty ? providerTime : report.upstreamTime
        let overhead = max(.zero, (context.clock.now - context.receivedAt) - upstream)
        // Hundredths of a millisecond, formatted by hand: `String(format:)` costs more than the rest
        // of this function on every request.
        let hundredths = overhead.components.seconds * 100_000 + overhead.components.attoseconds / 10_000_000_000_000
        let fraction = hundredths % 100
        return [
            "x-sira-provider": answered?.provider ?? entry.provider.name,
            "x-sira-model": answered?.model ?? entry.upstreamModel,
            "x-sira-attempts": String(report.isCounted ? attempts.count : max(1, attempts.count)),
            "x-sira-overhead-ms": "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)",
        ]
    }
}

extension ModelCatalog {
    /// The entry for a model a client asked for, or the 404 every surface answers.
    /// - Parameter model: The public name.
    /// - Returns: The entry.
    /// - Throws: `unknownModel` naming `model`.
    func entry(for model: String) throws -> Entry {
        guard let entry = self[model] else {
            throw GatewayError(
                .unknownModel,
                "The model '\(model.prefix(100))' does not exist. GET /v1/models lists the models on offer.",
                param: "model"
            )
        }
        return entry
    }
}

extension ChatCall {
    /// Asks the entry's provider, with the routing metadata and a report, and returns the answer
    /// with the `x-sira-*` fields for it.
    /// - Parameters:
    ///   - entry: The catalog entry.
    ///   - request: The HTTP request (for `x-sira-metadata`).
    ///   - context: The request's context.
    /// - Returns: The reply and the response header fields.
    /// - Throws: What the provider throws, or a bad `x-sira-metadata`.
    mutating func send(to entry: ModelCatalog.Entry, for request: GatewayRequest, context: RequestContext) async throws
        -> (ProviderReply, Headers)
    {
        metadata = try SiraResponseHeaders.metadata(request)
        let report = CallReport()
        self.report = report
        let call = self
        return try await SiraResponseHeaders.reporting(entry: entry, report: report, context: context) {
            try await entry.provider.chat(call, context: context)
        }
    }
}
