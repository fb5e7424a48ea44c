// Starter for chapter 04, generated from Sources/SiraCache/CachedAnswer.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 04` runs their tests.
// What the cache keeps of an answer, and which answers it keeps at all.

import SiraCore
import SiraProviders

/// An answer as the cache keeps it: in the form the provider gave it, so a replay goes through the same
/// endpoint code as the original and reaches the client with the same framing.
///
/// A stream is kept as its events in order (neutral chunks, or the upstream's own bytes as they were
/// forwarded), never merged into one answer: merging loses tool-call and reasoning deltas and changes
/// what a streaming client sees (LiteLLM replays a cached stream as one aggregated chunk).
public enum CachedAnswer: Sendable, Hashable {
    /// A whole answer in the neutral model.
    case whole(ChatResponse)
    /// A stream's chunks, in order.
    case chunks([ChatChunk])
    /// A whole answer in the client's format, with the upstream's header fields.
    case body(headers: Headers, bytes: [UInt8])
    /// A forwarded stream's pieces, in order, with the upstream's header fields.
    case events(headers: Headers, pieces: [[UInt8]])

    /// The answer as a provider's reply, to be written again.
    public var reply: ProviderReply {
        switch self {
        case .whole(let response): return .whole(response)
        case .chunks(let chunks): return .stream(.chunks(chunks))
        case .body(let headers, let bytes): return .passthrough(headers: headers, body: bytes)
        case .events(let headers, let pieces):
            let replayed = pieces.map { ForwardedPiece(bytes: $0, hasContent: true) }
            return .forwarded(headers: headers, events: ForwardedStream(ReplayedPieces(pieces: replayed)))
        }
    }

    /// What a chunk costs while a stream is recorded, estimated without encoding it: its text, refusal,
    /// tool-call fragments and the members Sira keeps without modelling them (`reasoning_content`,
    /// `logprobs`), plus a fixed share for ids and structure.
    /// - Parameter chunk: The chunk.
    /// - Returns: Bytes.
    public static func estimatedSize(of chunk: ChatChunk) -> Int {
        chunk.choices.reduce(128 + JSONValue.object(chunk.extra).estimatedSize) { total, choice in
            let delta = choice.delta
            let calls = (delta.toolCalls ?? []).reduce(0) {
                $0 + ($1.arguments?.utf8.count ?? 0) + ($1.name?.utf8.count ?? 0) + ($1.id?.utf8.count ?? 0)
            }
            let extras = JSONValue.object(delta.extra).estimatedSize + JSONValue.object(choice.extra).estimatedSize
            return total + (delta.content?.utf8.count ?? 0) + (delta.refusal?.utf8.count ?? 0) + calls + extras + 64
        }
    }

    /// What the answer costs in memory, in bytes: its bytes, or for the neutral forms their JSON size
    /// (a close measure of the strings they hold), plus the header fields.
    public var cost: Int {
        func size(_ headers: Headers) -> Int {
            headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 }
        }
        switch self {
        case .whole(let response): return ((try? SiraJSON.encode(response))?.count ?? 0) + 256
        case .chunks(let chunks): return chunks.reduce(0) { $0 + ((try? SiraJSON.encode($1))?.count ?? 0) + 128 }
        case .body(let headers, let bytes): return bytes.count + size(headers)
        case .events(let headers, let pieces): return pieces.reduce(0) { $0 + $1.count + 32 } + size(headers)
        }
    }
}

extension JSONValue {
    /// About what the value's JSON text takes, counted without writing it.
    var estimatedSize: Int {
        switch self {
        case .string(let text): return text.utf8.count + 2
        case .array(let elements): return elements.reduce(2) { $0 + $1.estimatedSize + 1 }
        case .object(let members): return members.reduce(2) { $0 + $1.key.utf8.count + 4 + $1.value.estimatedSize }
        case .null, .bool, .integer, .double: return 8
        }
    }
}

/// Pieces known in advance, as an async sequence.
struct ReplayedPieces: AsyncSequence, Sendable {
    let pieces: [ForwardedPiece]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ForwardedPiece>
        mutating func next() async throws -> ForwardedPiece? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: pieces[...]) }
}

/// Which answers may be stored: only successful answers that finished.
///
/// A cache that stores a bad answer serves it again and again. So only an answer whose every choice
/// stopped because the model was done (`stop`) or called tools (`tool_calls`) is kept. Not `length`
/// (a cut answer: a client that asks again hopes for a whole one, and a replay would cut it in the
/// same place for the whole time to live), not `content_filter` (a filter's verdict may change), not
/// an error (it was thrown, never returned), not a stream that was cut or ended without its terminal
/// event, and not an answer Sira cannot read.
public enum StoreDecision {
    /// The finish reasons that make an answer storable.
    public static let finished: Set<FinishReason> = [.stop, .toolCalls]

    /// Anthropic's stop reasons that make an answer storable (`end_turn`, `tool_use`, `stop_sequence`).
    public static let anthropicFinished: Set<String> = ["end_turn", "tool_use", "stop_sequence"]

    /// Whether a whole answer in the neutral model may be stored.
    /// - Parameter response: The answer.
    /// - Returns: Whether it has choices and each finished.
    public static func isStorable(_ response: ChatResponse) -> Bool {
        allFinished(response.choices.map(\.finishReason))
    }

    /// Whether a stream's chunks, received to their end, may be stored.
    /// - Parameter chunks: Every chunk, in order.
    /// - Returns: Whether each choice that appeared finished.
    public static func isStorable(_ chunks: [ChatChunk]) -> Bool {
        // exercise 4.3 begin: remember, per choice index, the finish reason its chunks gave (or that none did yet); storable when at least one choice appeared and every one finished with a reason in `finished`
        return false
        // exercise 4.3 end
    }

    /// Whether a whole answer in the client's format may be stored.
    /// - Parameters:
    ///   - body: The answer's bytes.
    ///   - format: Its format.
    /// - Returns: Whether it parses and finished.
    public static func isStorable(body: [UInt8], format: WireFormat) -> Bool {
        guard let object = (try? JSONValue(parsing: body))?.objectValue else { return false }
        switch format {
        case .openAI:
            guard let choices = object["choices"]?.arrayValue else { return false }
            return allFinished(choices.map { $0.objectValue?["finish_reason"]?.stringValue.map(FinishReason.init) })
        case .anthropic:
            return object["stop_reason"]?.stringValue.map(anthropicFinished.contains) ?? false
        case .responses:
            // `incomplete` (cut by a limit or a filter) and `failed` are not kept, as for the other formats.
            return object["status"]?.stringValue == "completed"
        }
    }

    /// Whether a forwarded stream's bytes, received to their end, may be stored: its events parse, it
    /// ended with its format's terminal event, and every choice finished.
    /// - Parameters:
    ///   - pieces: The bytes, as forwarded.
    ///   - format: Their format.
    /// - Returns: Whether the stream may be stored.
    public static func isStorable(events pieces: [[UInt8]], format: WireFormat) -> Bool {
        var parser = ServerSentEventParser()
        var events: [ReceivedEvent] = []
        do {
            for piece in pieces { events += try parser.parse(piece) }
        } catch {
            return false
        }
        switch format {
        case .openAI:
            guard events.last?.data == "[DONE]" else { return false }
            var chunks: [ChatChunk] = []
            for event in events.dropLast() {
                guard let chunk = try? SiraJSON.decode(ChatChunk.self, from: Array(event.data.utf8)) else {
                    return false
                }
                chunks.append(chunk)
            }
            return isStorable(chunks)
        case .anthropic:
            guard events.last?.name == "message_stop" else { return false }
            let reasons = events.filter { $0.name == "message_delta" }.compactMap { event in
                (try? JSONValue(parsing: Array(event.data.utf8)))?.objectValue?["delta"]?.objectValue?["stop_reason"]?
                    .stringValue
            }
            return reasons.last.map(anthropicFinished.contains) ?? false
        case .responses:
            // `response.completed` comes last, and only when the response completed.
            guard let last = events.last else { return false }
            let type =
                last.name != "message"
                ? last.name : (try? JSONValue(parsing: Array(last.data.utf8)))?.objectValue?["type"]?.stringValue
            return type == "response.completed"
        }
    }

    private static func allFinished(_ reasons: [FinishReason?]) -> Bool {
        !reasons.isEmpty && reasons.allSatisfy { $0.map(finished.contains) ?? false }
    }
}
