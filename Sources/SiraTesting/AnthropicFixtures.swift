// Recorded Anthropic answers, for fake upstreams that speak the Messages API.

/// Anthropic's recorded answer and stream shapes, as its Messages API documents them.
public enum AnthropicFixtures {
    /// A text answer as server-sent events (`event:` and `data:` lines), usage 11 in, 6 out.
    public static let textStream = [
        #"event: message_start"# + "\n"
            + #"data: {"type":"message_start","message":{"id":"msg_4Qp","type":"message","role":"assistant","content":[],"model":"claude-3-opus-latest","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":1}}}"#
            + "\n\n",
        "event: content_block_start\n"
            + #"data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"# + "\n\n",
        "event: ping\n" + #"data: {"type": "ping"}"# + "\n\n",
        "event: content_block_delta\n"
            + #"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"# + "\n\n",
        "event: content_block_delta\n"
            + #"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}"# + "\n\n",
        "event: content_block_stop\n" + #"data: {"type":"content_block_stop","index":0}"# + "\n\n",
        "event: message_delta\n"
            + #"data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}"#
            + "\n\n",
        "event: message_stop\n" + #"data: {"type":"message_stop"}"# + "\n\n",
    ]

    /// A text block and a tool call as server-sent events, usage 377 (+100 cached) in, 65 out.
    public static let toolStream = [
        "event: message_start\n"
            + #"data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-6","usage":{"input_tokens":377,"output_tokens":1,"cache_read_input_tokens":100}}}"#
            + "\n\n",
        "event: content_block_start\n"
            + #"data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"# + "\n\n",
        "event: content_block_delta\n"
            + #"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}"#
            + "\n\n",
        "event: content_block_stop\n" + #"data: {"type":"content_block_stop","index":0}"# + "\n\n",
        "event: content_block_start\n"
            + #"data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01NRL","name":"get_weather","input":{}}}"#
            + "\n\n",
        "event: content_block_delta\n"
            + #"data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"#
            + "\n\n",
        "event: content_block_delta\n"
            + #"data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"locati"}}"#
            + "\n\n",
        "event: content_block_delta\n"
            + #"data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"on\": \"Paris\"}"}}"#
            + "\n\n",
        "event: content_block_stop\n" + #"data: {"type":"content_block_stop","index":1}"# + "\n\n",
        "event: message_delta\n"
            + #"data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":65}}"#
            + "\n\n",
        "event: message_stop\n" + #"data: {"type":"message_stop"}"# + "\n\n",
    ]

    /// A whole `message` with a tool call, usage 377 in, 65 out.
    public static let response =
        #"{"id":"msg_019Q","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"I'll check."},{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"location":"Paris"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":377,"output_tokens":65,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}"#
}
