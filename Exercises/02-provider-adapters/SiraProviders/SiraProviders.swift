// Generated from Sources/SiraProviders/SiraProviders.swift by scripts/make-starters. Nothing to write here.
// SiraProviders is chapter 02's module: the providers behind the gateway and the wire formats on
// both sides. A client speaks OpenAI's chat completions or Anthropic's messages; a provider speaks
// its own wire format; in between is the neutral (OpenAI-shaped) model of SiraCore. When client
// and upstream speak the same format, nothing is translated: the body is forwarded as received.
// The endpoints that decode a client's request and encode the answer are in `SiraGateway`.
//
// Layout:
// - `Provider.swift`          what every provider implements (`ChatCall` in, `ProviderReply` out:
//                             both in SiraCore, since every level of the pipeline speaks them)
// - `Catalog/`                public model names mapped to a provider and its upstream model
// - `SSE/`                    exercise 2.1, reading server-sent events from an upstream
// - `Anthropic/`              exercise 2.2, OpenAI requests for Anthropic; exercise 2.3, Anthropic's
//                             stream events as OpenAI chunks; `Inbound/`: the other direction, for
//                             Anthropic SDK clients
// - `Gemini/`                 Gemini's native API, both ways, streams included
// - `OpenAI/`                 OpenAI, Azure and every OpenAI-compatible server (presets); chunks as
//                             OpenAI's server-sent events
// - `Upstream/`               one upstream call over AsyncHTTPClient; exercise 2.4, what an
//                             upstream's error status means to the client
// - `Embeddings/`             `/v1/embeddings`, float and base64
// - `Mock/`                   the deterministic mock provider

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraProvidersModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
