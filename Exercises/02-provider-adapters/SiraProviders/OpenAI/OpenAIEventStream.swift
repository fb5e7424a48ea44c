// Generated from Sources/SiraProviders/OpenAI/OpenAIEventStream.swift by scripts/make-starters. Nothing to write here.
// Chat chunks as OpenAI's server-sent events.

import Foundation
import SiraCore

/// Turns a stream of `ChatChunk`s into OpenAI's `text/event-stream` bytes, one event per chunk.
///
/// - Each chunk is `data: {json}` and a blank line; the stream ends with `data: [DONE]`.
/// - The usage chunk (empty `choices`) is sent only when the client asked for it.
/// - If the provider fails mid-stream, the stream ends with an error event in OpenAI's shape
///   (`data: {"error":{…}}`, which the official SDKs raise as an `APIError`) and no `[DONE]`: a
///   client must never mistake a cut answer for a complete one.
public typealias OpenAIEventStream = EncodedEventStream<OpenAIChunkEncoder>

extension EncodedEventStream where Encoder == OpenAIChunkEncoder {
    /// Creates the event stream.
    /// - Parameters:
    ///   - chunks: The provider's chunks.
    ///   - includeUsage: Whether to forward the usage chunk.
    public init(chunks: ChunkStream, includeUsage: Bool) {
        self.init(chunks: chunks, encoder: OpenAIChunkEncoder(includeUsage: includeUsage))
    }
}

/// OpenAI's events for neutral chunks: one `data:` event per chunk, `[DONE]` at the end, the usage chunk
/// only when the client asked for it, and an error event (never followed by `[DONE]`) for a failure.
public struct OpenAIChunkEncoder: StreamEventEncoding {
    /// Whether the usage chunk is forwarded.
    public let includeUsage: Bool

    /// Creates an encoder.
    /// - Parameter includeUsage: Whether the usage chunk is forwarded.
    public init(includeUsage: Bool) { self.includeUsage = includeUsage }

    /// One chunk as its event; the usage chunk as nothing unless asked for.
    /// - Parameter chunk: The chunk.
    /// - Returns: The event's bytes.
    public mutating func encode(_ chunk: ChatChunk) -> [UInt8] {
        if chunk.choices.isEmpty, chunk.usage != nil, !includeUsage { return [] }
        return OpenAIEventStream.event(chunk)
    }

    /// `data: [DONE]`.
    /// - Returns: Its bytes.
    public mutating func encodeEnd() -> [UInt8] { Array("data: [DONE]\n\n".utf8) }

    /// The error event.
    /// - Parameter failure: The failure.
    /// - Returns: Its bytes.
    public mutating func encodeFailure(_ failure: GatewayError) -> [UInt8] { OpenAIEventStream.errorEvent(failure) }
}

extension EncodedEventStream where Encoder == OpenAIChunkEncoder {
    static func event(_ chunk: ChatChunk) -> [UInt8] {
        dataEvent((try? SiraJSON.encode(chunk)) ?? Array("{}".utf8))
    }

    /// The event that ends a failed stream on an OpenAI endpoint: `data: {"error":{…}}`, which the
    /// official SDKs raise as an `APIError`. It is never followed by `[DONE]`.
    /// - Parameter error: The failure.
    /// - Returns: The event's bytes.
    public static func errorEvent(_ error: GatewayError) -> [UInt8] {
        dataEvent(error.body(.openAI).jsonBytes())
    }

    static func dataEvent(_ json: [UInt8]) -> [UInt8] {
        Array("data: ".utf8) + json + Array("\n\n".utf8)
    }
}
