// Generated from Sources/SiraCore/Chat/ChatChunk.swift by scripts/make-starters. Nothing to write here.
// One event of a streamed answer. Streams are a sequence of deltas that, merged in order, give the
// whole answer (see `StreamAccumulator`).

/// One `chat.completion.chunk`: a delta for one or more choices, or the final usage.
public struct ChatChunk: Hashable, Sendable {
    /// The completion's id, the same in every chunk.
    public var id: String
    /// Unix seconds, the same in every chunk.
    public var created: Int64
    /// The upstream model.
    public var model: String
    /// Deltas, one per choice that changed; empty in the final usage chunk.
    public var choices: [ChunkChoice]
    /// Totals for the whole request, in the final chunk when `include_usage` was asked for.
    public var usage: Usage?
    /// Other members of the chunk.
    public var extra: JSONObject

    /// Creates a chunk.
    /// - Parameters:
    ///   - id: The completion's id.
    ///   - created: Unix seconds.
    ///   - model: The upstream model.
    ///   - choices: The deltas.
    ///   - usage: Totals, in the final chunk.
    ///   - extra: Other members.
    public init(
        id: String,
        created: Int64,
        model: String,
        choices: [ChunkChoice],
        usage: Usage? = nil,
        extra: JSONObject = [:]
    ) {
        self.id = id
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.extra = extra
    }
}

/// The change to one choice carried by a chunk.
public struct ChunkChoice: Hashable, Sendable {
    /// Which choice changed.
    public var index: Int
    /// What to add to it.
    public var delta: MessageDelta
    /// Set in the choice's last chunk.
    public var finishReason: FinishReason?
    /// Other members of the choice.
    public var extra: JSONObject

    /// Creates a chunk choice.
    /// - Parameters:
    ///   - index: Which choice changed.
    ///   - delta: What to add.
    ///   - finishReason: Set in the last chunk.
    ///   - extra: Other members.
    public init(index: Int = 0, delta: MessageDelta, finishReason: FinishReason? = nil, extra: JSONObject = [:]) {
        self.index = index
        self.delta = delta
        self.finishReason = finishReason
        self.extra = extra
    }
}

/// A fragment of an assistant message: the role (first chunk), text, refusal, tool-call fragments.
public struct MessageDelta: Hashable, Sendable {
    /// The role, in the first chunk of a choice.
    public var role: Role?
    /// Text to append.
    public var content: String?
    /// Refusal text to append.
    public var refusal: String?
    /// Tool-call fragments, keyed by their `index`.
    public var toolCalls: [ToolCallDelta]?
    /// Other members of the delta.
    public var extra: JSONObject

    /// Creates a delta.
    /// - Parameters:
    ///   - role: The role, in the first chunk.
    ///   - content: Text to append.
    ///   - refusal: Refusal text to append.
    ///   - toolCalls: Tool-call fragments.
    ///   - extra: Other members.
    public init(
        role: Role? = nil,
        content: String? = nil,
        refusal: String? = nil,
        toolCalls: [ToolCallDelta]? = nil,
        extra: JSONObject = [:]
    ) {
        self.role = role
        self.content = content
        self.refusal = refusal
        self.toolCalls = toolCalls
        self.extra = extra
    }
}

/// A fragment of one tool call: the first carries id and name, later ones pieces of the arguments.
public struct ToolCallDelta: Hashable, Sendable {
    /// The position of the call in the final `tool_calls` array.
    public var index: Int
    /// The call's id, in its first fragment.
    public var id: String?
    /// `function`, in its first fragment.
    public var type: String?
    /// The function's name, in its first fragment.
    public var name: String?
    /// A piece of the arguments string, to be appended.
    public var arguments: String?

    /// Creates a tool-call fragment.
    /// - Parameters:
    ///   - index: The call's position.
    ///   - id: The call's id (first fragment).
    ///   - type: `function` (first fragment).
    ///   - name: The function's name (first fragment).
    ///   - arguments: A piece of the arguments.
    public init(index: Int, id: String? = nil, type: String? = nil, name: String? = nil, arguments: String? = nil) {
        self.index = index
        self.id = id
        self.type = type
        self.name = name
        self.arguments = arguments
    }
}
