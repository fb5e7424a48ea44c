// SiraProviders is chapter 02's module: the providers behind the gateway and the API surfaces in
// front of it. A client speaks OpenAI's chat completions or Anthropic's messages; a provider speaks
// its own wire format; in between is the neutral (OpenAI-shaped) model of SiraCore. When client
// and upstream speak the same format, nothing is translated: the body is forwarded as received.
//
// Layout:
// - `Provider.swift`          what every provider implements; a reply is whole, a stream of chunks,
//                             or the upstream's own bytes (pass-through)
// - `ChunkStream.swift`       a streamed answer, pulled chunk by chunk (backpressure)
// - `Catalog/`                public model names mapped to a provider and its upstream model
// - `SSE/`                    exercise 2.1, reading server-sent events from an upstream
// - `Anthropic/`              exercise 2.2, OpenAI requests for Anthropic; exercise 2.3, Anthropic's
//                             stream events as OpenAI chunks; `Inbound/`: the other direction, for
//                             Anthropic SDK clients
// - `Gemini/`                 Gemini's native API, both ways, streams included
// - `OpenAI/`                 OpenAI, Azure and every OpenAI-compatible server (presets)
// - `Upstream/`               one upstream call over AsyncHTTPClient; exercise 2.4, what an
//                             upstream's error status means to the client
// - `Embeddings/`             `/v1/embeddings`, float and base64
// - `Mock/`                   the deterministic mock provider
// - `Surfaces/`               the endpoints: chat completions, messages, embeddings, models

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraProvidersModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
