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
public struct OpenAIEventStream: AsyncSequence, Sendable {
    /// Bytes of one or more events.
    public typealias Element = [UInt8]

    let chunks: ChunkStream
    let includeUsage: Bool

    /// Creates the event stream.
    /// - Parameters:
    ///   - chunks: The provider's chunks.
    ///   - includeUsage: Whether to forward the usage chunk.
    public init(chunks: ChunkStream, includeUsage: Bool) {
        self.chunks = chunks
        self.includeUsage = includeUsage
    }

    /// Produces the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: ChunkStream.AsyncIterator
        let includeUsage: Bool
        var finished = false

        /// The next event's bytes, or `nil` after `[DONE]` or an error event.
        /// - Returns: The bytes.
        public mutating func next() async -> [UInt8]? {
            guard !finished else { return nil }
            do {
                while let chunk = try await chunks.next() {
                    if chunk.choices.isEmpty, chunk.usage != nil, !includeUsage { continue }
                    return OpenAIEventStream.event(chunk)
                }
                finished = true
                return Array("data: [DONE]\n\n".utf8)
            } catch {
                finished = true
                let failure =
                    (error as? GatewayError)
                    ?? GatewayError(.providerError, "The provider failed while streaming the answer.")
                return OpenAIEventStream.errorEvent(failure)
            }
        }
    }

    /// Starts producing events.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: chunks.makeAsyncIterator(), includeUsage: includeUsage)
    }

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
