import SiraCore
import SiraProviders

/// `GET /v1/models`: the catalog in OpenAI's list shape, so SDKs and tools can discover the models.
public struct OpenAIModelsEndpoint: Sendable {
    /// The models on offer.
    public var catalog: ModelCatalog

    /// Creates the endpoint.
    /// - Parameter catalog: The models on offer.
    public init(catalog: ModelCatalog) { self.catalog = catalog }

    /// The list response.
    /// - Returns: `{"object":"list","data":[{"id","object":"model","created","owned_by"}]}`.
    public func handle() -> GatewayResponse {
        let models = catalog.all.map { entry -> JSONValue in
            ["id": .string(entry.name), "object": "model", "created": 0, "owned_by": .string(entry.provider.name)]
        }
        return .json(["object": "list", "data": .array(models)])
    }
}
