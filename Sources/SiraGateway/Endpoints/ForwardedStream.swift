// A forwarded (pass-through) stream that fails after its first bytes throws; the client must still
// learn that its answer is cut. The endpoint, which knows the client's format, adds the error event.

import SiraCore
import SiraProviders

/// The upstream's own event stream, forwarded, ending with an error event in the client's format
/// when it fails (unless the upstream's own error event already reached the client).
struct ForwardedStream: AsyncSequence, Sendable {
    typealias Element = [UInt8]

    let base: ResponseStream
    let format: APIFormat

    /// A pass-through body as the client gets it: bytes as they are; a stream that ends with an
    /// error event if it fails.
    static func endingWithErrorEvent(_ body: ResponseBody, _ format: APIFormat) -> ResponseBody {
        guard case .stream(let stream) = body else { return body }
        return .stream(ResponseStream(ForwardedStream(base: stream, format: format)))
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: ResponseStream.AsyncIterator
        let format: APIFormat
        var finished = false

        mutating func next() async -> [UInt8]? {
            guard !finished else { return nil }
            do {
                if let bytes = try await base.next() { return bytes }
                finished = true
                return nil
            } catch {
                finished = true
                if error is ForwardedStreamFailure || error is CancellationError { return nil }
                let failure =
                    (error as? GatewayError)
                    ?? GatewayError(.providerError, "The provider failed while streaming the answer.")
                switch format {
                case .openAI: return OpenAIEventStream.errorEvent(failure)
                case .anthropic: return AnthropicEventEncoder.errorEvent(failure).bytes
                }
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), format: format) }
}
