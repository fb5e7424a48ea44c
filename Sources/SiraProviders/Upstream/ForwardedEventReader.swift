// What a forwarded stream's events mean, for the formats a client and an upstream can share
// (OpenAI's chat chunks, Anthropic's message events, the Responses API's typed events). The one place that knows: the forwarder
// reads every event through it once, and hands the facts up with the bytes.

import Foundation
import SiraCore

/// Reads the events of a forwarded stream without translating them: which carry part of the answer
/// (the commit point), which end the stream, and the token usage they report.
///
/// Only what must be parsed is parsed: before the commit point, an OpenAI chunk's top-level members
/// are located by a scanner that builds no values and its `choices` decoded, to see whether they
/// have content; after it, a chunk is scanned only when its text mentions `"usage"` or `"error"`.
/// Anthropic's events are told apart by their names, and only `message_start` and `message_delta`
/// are decoded, for usage. The Responses API's events are told apart by their names too (their
/// `type`): deltas and a function call's item are content, `response.completed` and
/// `response.incomplete` end the stream with its usage, `response.failed` and `error` end it failed.
public struct ForwardedEventReader: Sendable {
    /// What one event means.
    public struct Facts: Sendable, Hashable {
        /// The event carries part of the answer (text, a tool call, a refusal, a finish, the end).
        public var hasContent = false
        /// The event ends the stream: with its format's last event, or with the upstream's own error.
        public var end: End?
        /// Usage reported by the event (for Anthropic, input and output so far combined).
        public var usage: Usage?
        /// An OpenAI chunk that carries only usage (no choices): the one the gateway asks for when
        /// the client did not, and drops again.
        public var isUsageOnly = false
        /// An OpenAI chunk before the first content with an empty `id` and no choices: Azure's
        /// prompt-filter preamble, which the gateway may leave out.
        public var isEmptyPreamble = false
        /// The upstream's own error, when the event is one, in the gateway's vocabulary.
        public var error: GatewayError?
    }

    /// How a stream ends.
    public enum End: Sendable, Hashable {
        /// With its format's last event: OpenAI's `data: [DONE]`, Anthropic's `message_stop`, the
        /// Responses API's `response.completed` or `response.incomplete`.
        case complete
        /// With the upstream's own error event, which already tells the client.
        case failed
    }

    /// The format of the stream.
    public let format: WireFormat
    /// The provider's name, for error messages.
    public let provider: String
    private var committed = false
    private var anthropicInput: JSONObject?

    /// Creates a reader.
    /// - Parameters:
    ///   - format: The stream's format.
    ///   - provider: The provider's name, for error messages.
    public init(format: WireFormat, provider: String = "upstream") {
        self.format = format
        self.provider = provider
    }

    /// Reads one event.
    /// - Parameter event: The event.
    /// - Returns: What it means.
    public mutating func read(_ event: ReceivedEvent) -> Facts {
        let facts: Facts
        switch format {
        case .openAI: facts = readOpenAI(event)
        case .anthropic: facts = readAnthropic(event)
        case .responses: facts = readResponses(event)
        }
        if facts.hasContent { committed = true }
        return facts
    }

    private func readOpenAI(_ event: ReceivedEvent) -> Facts {
        var facts = Facts()
        if event.data == "[DONE]" {
            facts.hasContent = true
            facts.end = .complete
            return facts
        }
        let data = Array(event.data.utf8)
        let mentionsUsage = Self.mentions(Self.usageKey, in: data)
        // After the commit point only usage and errors matter: most chunks are neither, and are not
        // scanned at all.
        if committed, !mentionsUsage, !Self.mentions(Self.errorKey, in: data) { return facts }
        guard let object = try? JSONObjectScan(data) else {
            facts.hasContent = true  // not a chunk Sira can read: the client gets it as it is
            return facts
        }
        func member(_ name: String) -> ArraySlice<UInt8>? { object.last(name).map { data[$0] } }
        if let error = member("error"), error.first == UInt8(ascii: "{") || error.first == UInt8(ascii: "\"") {
            facts.end = .failed
            facts.error = UpstreamErrorMapper.mapStreamError(data, provider: provider)
            return facts
        }
        if mentionsUsage, let usage = member("usage"), usage.first == UInt8(ascii: "{") {
            facts.usage = Self.openAIUsage(usage)
            facts.isUsageOnly = facts.usage != nil && member("choices").map(Self.isEmptyArray) ?? true
        }
        if !committed, let choices = member("choices") {
            facts.hasContent = Self.choicesHaveContent(choices)
            facts.isEmptyPreamble =
                Self.isEmptyArray(choices) && !facts.isUsageOnly
                && member("id").map { Array($0) == Self.emptyString } == true
        }
        return facts
    }

    private mutating func readAnthropic(_ event: ReceivedEvent) -> Facts {
        var facts = Facts()
        switch event.name {
        case "error":
            facts.end = .failed
            facts.error = UpstreamErrorMapper.mapStreamError(Array(event.data.utf8), provider: provider)
        case "message_stop":
            facts.hasContent = true
            facts.end = .complete
        case "content_block_delta":
            facts.hasContent = true
        case "content_block_start":
            facts.hasContent = event.data.contains("\"tool_use\"")
        case "message_start":
            let data = Array(event.data.utf8)
            if let message = JSONObjectScan.member("message", of: data),
                let usage = JSONObjectScan.member("usage", of: Array(message)),
                let object = (try? JSONValue(parsing: usage))?.objectValue
            {
                anthropicInput = object
                facts.usage = AnthropicResponseTranslator.usage(object)
            }
        case "message_delta":
            let data = Array(event.data.utf8)
            if let usage = JSONObjectScan.member("usage", of: data),
                let object = (try? JSONValue(parsing: usage))?.objectValue
            {
                // The delta's counts are cumulative; input counts may come with it or only at the start.
                var combined = anthropicInput ?? [:]
                for (key, value) in object { combined[key] = value }
                facts.usage = AnthropicResponseTranslator.usage(combined)
            }
        default:
            break  // ping, content_block_stop…
        }
        return facts
    }

    private func readResponses(_ event: ReceivedEvent) -> Facts {
        var facts = Facts()
        let data = Array(event.data.utf8)
        // OpenAI names each event; its `type` says the same for a stream that does not.
        let type =
            event.name != "message"
            ? event.name
            : JSONObjectScan.member("type", of: data).flatMap { (try? JSONValue(parsing: $0))?.stringValue }
        switch type {
        case "response.output_text.delta", "response.refusal.delta", "response.function_call_arguments.delta",
            "response.reasoning_text.delta", "response.reasoning_summary_text.delta":
            // Reasoning commits the stream as text does (see `choicesHaveContent`).
            facts.hasContent = true
        case "response.output_item.added":
            // A message or reasoning item opens empty; any other item (a function call, a built-in
            // tool's call) is part of the answer from its first event, like Anthropic's `tool_use` start.
            let item = JSONObjectScan.member("item", of: data).flatMap { JSONObjectScan.member("type", of: Array($0)) }
            let kind = item.flatMap { (try? JSONValue(parsing: $0))?.stringValue }
            facts.hasContent = kind != "message" && kind != "reasoning"
        case "response.completed", "response.incomplete":
            facts.hasContent = true
            facts.end = .complete
            if let response = JSONObjectScan.member("response", of: data) {
                facts.usage = Self.usage(inWhole: Array(response), format: .responses)
            }
        case "response.failed":
            facts.end = .failed
            // The failed response carries `error: {code, message}`, as an error body does, and what it used.
            let response = JSONObjectScan.member("response", of: data).map(Array.init) ?? []
            facts.error = UpstreamErrorMapper.mapStreamError(response, provider: provider)
            facts.usage = Self.usage(inWhole: response, format: .responses)
        case "error":
            facts.end = .failed
            // The error event's members are at the top level: wrapped, it reads as an error body.
            // OpenAI documents the error's members at the top level (`code`, `message`, `param`) and sends
            // them nested under `error` too; the top-level `type` is the event's own (`error`), not a kind.
            let object = (try? JSONValue(parsing: data))?.objectValue ?? [:]
            // The kind is read from `code` (`rate_limit_exceeded`): a nested `type` is a category (`tokens`).
            var error = object["error"]?.objectValue ?? object
            error["type"] =
                error["code"].flatMap { $0 == .null ? nil : $0 } ?? (error["type"] == "error" ? nil : error["type"])
            facts.error = UpstreamErrorMapper.mapStreamError(
                JSONValue.object(["error": .object(error)]).jsonBytes(), provider: provider)
        default:
            break  // created, in_progress, content parts and items done…
        }
        return facts
    }

    /// The usage in a whole (not streamed) answer of `format`, from its top-level `usage` member
    /// alone: the rest of the body is skipped, not decoded.
    /// - Parameters:
    ///   - body: The answer's body.
    ///   - format: Its format.
    /// - Returns: The usage, or `nil` when the body reports none.
    public static func usage(inWhole body: [UInt8], format: WireFormat) -> Usage? {
        guard let usage = JSONObjectScan.member("usage", of: body), usage.first == UInt8(ascii: "{") else { return nil }
        switch format {
        case .openAI:
            return openAIUsage(usage)
        case .anthropic:
            return (try? JSONValue(parsing: usage))?.objectValue.map { AnthropicResponseTranslator.usage($0) }
        case .responses:
            return (try? JSONValue(parsing: usage))?.objectValue.flatMap(responsesUsage)
        }
    }

    /// The Responses API's usage object (`input_tokens`, `output_tokens`, their details) in the neutral
    /// model, or `nil` without `input_tokens`.
    static func responsesUsage(_ object: JSONObject) -> Usage? {
        guard let input = object["input_tokens"]?.intValue else { return nil }
        return Usage(
            promptTokens: input, completionTokens: object["output_tokens"]?.intValue ?? 0,
            totalTokens: object["total_tokens"]?.intValue,
            cachedTokens: object["input_tokens_details"]?.objectValue?["cached_tokens"]?.intValue,
            reasoningTokens: object["output_tokens_details"]?.objectValue?["reasoning_tokens"]?.intValue)
    }

    /// An OpenAI usage object's bytes, parsed and read (not decoded: see `Usage.init(openAI:)`).
    static func openAIUsage(_ bytes: ArraySlice<UInt8>) -> Usage? {
        guard let object = (try? JSONValue(parsing: bytes))?.objectValue else { return nil }
        return try? Usage(openAI: object)
    }

    /// The quoted keys looked for before any parsing.
    static let usageKey = Array("\"usage\"".utf8)
    static let errorKey = Array("\"error\"".utf8)
    /// An empty JSON string, as a member's value reads.
    static let emptyString = Array("\"\"".utf8)

    /// Whether `data` contains `needle` (a quoted key): a cheap test before any parsing.
    static func mentions(_ needle: [UInt8], in data: [UInt8]) -> Bool {
        guard data.count >= needle.count else { return false }
        var index = 0
        while index <= data.count - needle.count {
            if data[index] == needle[0], data[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    static func isEmptyArray(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }.elementsEqual("[]".utf8)
    }

    /// Whether any choice's delta carries something (text, reasoning text, a refusal, tool calls, any other
    /// member with a value), or the choice has a finish reason: the rule `ChatChunk.hasContent` applies to
    /// translated streams. Reasoning (`reasoning_content`, `reasoning`, `reasoning_details`) commits the
    /// stream as text does: the client has seen the model start, and a long reasoning phase must not count as
    /// silence. A member that is present but empty (`"content": ""`, `"reasoning_content": null`) does not.
    static func choicesHaveContent(_ choices: ArraySlice<UInt8>) -> Bool {
        guard let array = (try? JSONValue(parsing: choices))?.arrayValue else { return true }
        for choice in array {
            let object = choice.objectValue ?? [:]
            let delta = object["delta"]?.objectValue ?? [:]
            if delta.contains(where: { $0.key != "role" && $0.value.isSubstantive }) { return true }
            if object["finish_reason"]?.stringValue != nil { return true }
        }
        return false
    }
}
