// How a model call ended, reported once for every kind of reply: a whole answer ends when it
// arrives, a stream when its last event has been read (or it failed, or the client went away).
// Budgets and token limits settle on this report (`CallReport.whenFinished`).

import SiraCore
import SiraProviders

/// Watches replies until their calls end, and reports usage and outcome in the request's report.
enum CallEnd {
    /// The reply, watched: usage is recorded as the provider reports it, and the report finished
    /// when the answer is complete, failed or abandoned.
    /// - Parameters:
    ///   - reply: The call pipeline's reply.
    ///   - format: The format of a pass-through reply (the client's API).
    ///   - report: The request's report.
    /// - Returns: The same answer, watched.
    static func watch(_ reply: ProviderReply, format: WireFormat, report: CallReport) -> ProviderReply {
        switch reply {
        case .whole(let response):
            if let usage = response.usage { report.record(usage: usage) }
            report.finish(.completed)
            return reply
        case .passthrough(_, let body):
            if let usage = ForwardedEventReader.usage(inWhole: body, format: format) { report.record(usage: usage) }
            report.finish(.completed)
            return reply
        case .stream(let chunks):
            return .stream(ChunkStream(Watched(base: chunks, end: EndGuard(report)) { $0.usage }))
        case .forwarded(let headers, let events):
            return .forwarded(
                headers: headers, events: ForwardedStream(Watched(base: events, end: EndGuard(report)) { $0.usage }))
        }
    }

}

/// Finishes the report as cancelled when a stream is dropped before it ended (the client went away
/// and the connection stopped reading); a finished report ignores it.
final class EndGuard: Sendable {
    let report: CallReport

    init(_ report: CallReport) { self.report = report }

    deinit { report.finish(.cancelled) }
}

/// A stream whose elements are watched for usage, and whose end finishes the report.
struct Watched<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element: Sendable {
    typealias Element = Base.Element

    let base: Base
    let end: EndGuard
    let usage: @Sendable (Base.Element) -> Usage?

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let end: EndGuard
        let usage: @Sendable (Base.Element) -> Usage?

        mutating func next() async throws -> Base.Element? {
            do {
                guard let element = try await base.next() else {
                    end.report.finish(.completed)
                    return nil
                }
                if let usage = usage(element) { end.report.record(usage: usage) }
                return element
            } catch {
                end.report.finish(CallOutcome(error))
                throw error
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), end: end, usage: usage) }
}
