import SiraCore

/// The models the gateway offers: each public name maps to a provider and the upstream model name.
///
/// Chapter 03 replaces the single target per name with routing across several.
public struct ModelCatalog: Sendable {
    /// One public model.
    public struct Entry: Sendable {
        /// The public name clients ask for.
        public var name: String
        /// The provider that serves it.
        public var provider: any Provider
        /// The model name sent upstream.
        public var upstreamModel: String

        /// Creates an entry.
        /// - Parameters:
        ///   - name: The public name.
        ///   - provider: The provider.
        ///   - upstreamModel: The upstream model name; the public name by default.
        public init(name: String, provider: any Provider, upstreamModel: String? = nil) {
            self.name = name
            self.provider = provider
            self.upstreamModel = upstreamModel ?? name
        }
    }

    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    /// Creates a catalog.
    /// - Parameter entries: The models, in the order `/v1/models` lists them.
    public init(_ entries: [Entry] = []) {
        for entry in entries { add(entry) }
    }

    /// Adds (or replaces) a model.
    /// - Parameter entry: The model.
    public mutating func add(_ entry: Entry) {
        if entries[entry.name] == nil { order.append(entry.name) }
        entries[entry.name] = entry
    }

    /// The model with this public name.
    public subscript(name: String) -> Entry? { entries[name] }

    /// Every model, in order.
    public var all: [Entry] { order.compactMap { entries[$0] } }

    /// The embedded default: the mock provider under the name `mock`, so a fresh `sira serve`
    /// answers chat requests with no configuration and no keys.
    public static var embeddedDefault: ModelCatalog {
        ModelCatalog([Entry(name: "mock", provider: MockProvider())])
    }
}
