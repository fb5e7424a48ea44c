// POST /sira/explain: how routing would serve a request, without sending it.

import SiraCore
import SiraProviders
import SiraRouting

/// `POST /sira/explain`: the routing plan for a chat request body, without sending it.
public struct ExplainEndpoint: Sendable {
    /// The models on offer.
    public var catalog: ModelCatalog

    /// Creates the endpoint.
    /// - Parameter catalog: The models on offer.
    public init(catalog: ModelCatalog) { self.catalog = catalog }

    /// Plans the request in the body (a chat completions request) and returns the explanation.
    /// - Parameters:
    ///   - request: The HTTP request.
    ///   - context: Its context.
    /// - Returns: The explanation as JSON.
    /// - Throws: `GatewayError` for a bad body or an unknown model.
    public func handle(_ request: GatewayRequest, context: RequestContext) throws -> GatewayResponse {
        let chat = try OpenAIChatEndpoint.decode(request.body)
        guard let entry = catalog[chat.model] else {
            throw GatewayError(.unknownModel, "The model '\(chat.model.prefix(100))' does not exist.", param: "model")
        }
        var metadata: [String: String] = [:]
        if let header = request.headers["x-sira-metadata"],
            let object = (try? JSONValue(parsing: header.utf8))?.objectValue
        {
            metadata = object.compactMapValues(\.stringValue)
        }
        guard let routed = entry.provider as? RoutedProvider else {
            return .json([
                "model": .string(chat.model), "strategy": "single",
                "attempts": [.string("\(entry.provider.name)/\(entry.upstreamModel)")],
            ])
        }
        return .json(routed.planner.explain(RequestFacts(chat, metadata: metadata, caller: context.caller?.keyID)))
    }
}
