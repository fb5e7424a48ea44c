// Generated from Sources/SiraProviders/OpenAI/OpenAIChunkTranslator.swift by scripts/make-starters. Nothing to write here.
// An OpenAI-format upstream's stream read as neutral chunks, for clients that speak another format
// (Anthropic's Messages API in front of an OpenAI-compatible model).

import Foundation
import SiraCore

/// Reads `chat.completion.chunk` events: each `data:` is a chunk; `data: [DONE]` ends the stream.
/// A body that ends without `[DONE]` was cut short; a `data: {"error":…}` event is a failure.
public struct OpenAIChunkTranslator: StreamEventTranslator {
    /// Creates a translator.
    public init() {}

    /// Translates one event.
    /// - Parameter event: The event.
    /// - Returns: The chunk, or completion at `[DONE]`.
    /// - Throws: `GatewayError` for an error event or a chunk that cannot be read.
    public mutating func translate(_ event: ReceivedEvent) throws -> (chunks: [ChatChunk], complete: Bool) {
        if event.data == "[DONE]" { return ([], true) }
        if let chunk = try? SiraJSON.decode(ChatChunk.self, from: event.data.utf8) {
            // Azure's prompt-filter preamble (no id, no choices, no usage) is not part of the answer: a
            // translated stream would otherwise start with a message whose id is empty.
            if chunk.id.isEmpty, chunk.choices.isEmpty, chunk.usage == nil, chunk.extra["error"] == nil {
                return ([], false)
            }
            return ([chunk], false)
        }
        let message = (try? JSONValue(parsing: event.data.utf8))?.objectValue?["error"]?.objectValue?["message"]?
            .stringValue
        throw GatewayError(
            .providerError,
            message.map { "The provider failed mid-stream: \($0.prefix(300))." }
                ?? "The provider sent a stream event that is not a chat completion chunk."
        )
    }

    /// An OpenAI stream ends with `[DONE]`; a body that ends before it was cut short.
    /// - Throws: Always: `providerError`.
    public mutating func endOfBody() throws -> [ChatChunk] {
        throw GatewayError(.providerError, "The provider ended the stream early.")
    }
}
