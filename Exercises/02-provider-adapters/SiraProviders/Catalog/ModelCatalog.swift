// Generated from Sources/SiraProviders/Catalog/ModelCatalog.swift by scripts/make-starters. Nothing to write here.
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
    private var passThroughProviders: [String: any Provider] = [:]

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

    /// Lets any `prefix/model` name through to `provider` as `model` (`openai/gpt-4o` asks OpenAI
    /// for `gpt-4o`), for providers whose models need not be listed one by one.
    /// - Parameters:
    ///   - prefix: The prefix, usually the provider's name.
    ///   - provider: The provider.
    public mutating func passThrough(prefix: String, to provider: any Provider) {
        passThroughProviders[prefix] = provider
    }

    /// The model with this public name: a listed model, or a `prefix/model` name of a pass-through
    /// provider.
    public subscript(name: String) -> Entry? {
        if let entry = entries[name] { return entry }
        guard let slash = name.firstIndex(of: "/"), let provider = passThroughProviders[String(name[..<slash])] else {
            return nil
        }
        let upstream = String(name[name.index(after: slash)...])
        return upstream.isEmpty ? nil : Entry(name: name, provider: provider, upstreamModel: upstream)
    }

    /// Every model, in order.
    public var all: [Entry] { order.compactMap { entries[$0] } }

    /// The embedded default: the mock provider under the name `mock`, so a fresh `sira serve`
    /// answers chat requests with no configuration and no keys.
    public static var embeddedDefault: ModelCatalog {
        ModelCatalog([Entry(name: "mock", provider: MockProvider())])
    }
}
