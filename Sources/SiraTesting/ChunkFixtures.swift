// Neutral stream chunks in one line each, for tests that judge streams by their finish reasons.

import SiraCore

extension ChatChunk {
    /// A chunk with one choice: its index, some text (or none) and a finish reason (or none).
    /// - Parameters:
    ///   - index: The choice's index.
    ///   - text: The delta's text.
    ///   - reason: The finish reason.
    /// - Returns: The chunk, with id `c`, model `m` and created `1`.
    public static func testing(_ index: Int, _ text: String?, _ reason: FinishReason? = nil) -> ChatChunk {
        ChatChunk(
            id: "c", created: 1, model: "m",
            choices: [ChunkChoice(index: index, delta: MessageDelta(content: text), finishReason: reason)])
    }
}
