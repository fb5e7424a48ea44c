// SiraProviders is chapter 02's module: the providers behind the gateway and the API surfaces in
// front of it. This is its first part: the provider protocol, the model catalog, the built-in mock
// provider (the embedded default: no network, no keys), and the OpenAI-compatible surface for chat
// completions and models. Real upstreams (OpenAI, Anthropic, Gemini, Azure, OpenAI-compatible
// servers), translation between formats and the Anthropic surface come next (issue: chapter 02).
//
// Layout:
// - `Provider.swift`          what every provider implements; a reply is whole or a stream of chunks
// - `Catalog/`                public model names mapped to a provider and its upstream model
// - `Mock/`                   the deterministic mock provider
// - `Surfaces/`               the OpenAI-compatible endpoints and their server-sent events

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraProvidersModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
