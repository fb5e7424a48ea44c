// Real-shaped OpenAI bodies, from OpenAI's Chat Completions reference, for tests across chapters.

/// OpenAI request, response and stream bodies shaped as the reference documents them.
public enum OpenAIFixtures {
    /// A request using most documented members, plus members Sira does not model
    /// (`reasoning_effort`, `logit_bias`, `prompt_cache_key`, `service_tier`, `x_future_field`).
    public static let fullRequest = #"""
        {
          "model": "gpt-4o",
          "messages": [
            {"role": "developer", "content": "You are terse."},
            {"role": "system", "content": [{"type": "text", "text": "Answer in French."}], "name": "policy"},
            {"role": "user", "content": [
              {"type": "text", "text": "What is in this image?", "prompt_cache_breakpoint": {"mode": "explicit"}},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBOR", "detail": "low"}},
              {"type": "input_audio", "input_audio": {"data": "UklGR", "format": "wav"}},
              {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBER"}},
              {"type": "future_part", "payload": [1, 2, 3]}
            ]},
            {"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_abc123", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}
            ]},
            {"role": "tool", "tool_call_id": "call_abc123", "content": "{\"temp_c\":18}"},
            {"role": "assistant", "content": "It is 18 °C.", "refusal": null, "annotations": []}
          ],
          "temperature": 0.2,
          "top_p": 1,
          "n": 1,
          "stop": ["END", "###"],
          "max_completion_tokens": 256,
          "presence_penalty": 0,
          "frequency_penalty": 0.5,
          "logit_bias": {"50256": -100},
          "logprobs": true,
          "top_logprobs": 2,
          "seed": 9007199254740993,
          "user": "user-42",
          "safety_identifier": "hash-42",
          "prompt_cache_key": "tenant-a",
          "stream": true,
          "stream_options": {"include_usage": true, "include_obfuscation": false},
          "tools": [
            {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
              "strict": true}},
            {"type": "custom", "custom": {"name": "sql", "description": "Run SQL"}}
          ],
          "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
          "parallel_tool_calls": false,
          "response_format": {"type": "json_schema", "json_schema": {"name": "weather", "strict": true,
            "schema": {"type": "object", "properties": {"temp": {"type": "number"}}}}},
          "service_tier": "flex",
          "reasoning_effort": "low",
          "verbosity": "low",
          "metadata": {"team": "search"},
          "store": false,
          "x_future_field": {"nested": [true, null, 1.5]}
        }
        """#

    /// The smallest valid request.
    public static let minimalRequest = #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}"#

    /// A whole response, from the spec's example.
    public static let response = #"""
        {
          "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "gpt-5.4",
          "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": "Hello! How can I assist you today?", "refusal": null, "annotations": []},
            "logprobs": null,
            "finish_reason": "stop"
          }],
          "usage": {
            "prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
              "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
          },
          "service_tier": "default",
          "system_fingerprint": "fp_44709d6fcb"
        }
        """#

    /// The `data:` payloads of a text stream with `include_usage`, in order (without `[DONE]`).
    public static let textStream: [String] = [
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" there"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"#,
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"#,
    ]

    /// The `data:` payloads of a stream with two parallel tool calls (without `[DONE]`).
    public static let toolCallStream: [String] = [
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}"#,
    ]

    /// A whole Responses API answer (`POST /v1/responses`), as OpenAI documents it: one message item,
    /// usage with cached and reasoning tokens.
    public static let responsesAnswer = #"""
        {"id":"resp_67ccd2bed1ec8190","object":"response","created_at":1741476542,"status":"completed","error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-4.1-2025-04-14","output":[{"type":"message","id":"msg_67ccd2bf17f0","status":"completed","role":"assistant","content":[{"type":"output_text","text":"In a peaceful grove beneath a silver moon...","annotations":[]}]}],"parallel_tool_calls":true,"previous_response_id":null,"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":32},"output_tokens":87,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":123},"user":null,"metadata":{}}
        """#

    /// A Responses API stream's events, given whole (`event:` and `data:` lines), as OpenAI sends them:
    /// created, a message item with two text deltas, completed with usage.
    public static let responsesStream: [String] = [
        (
            "response.created",
            #"{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-4.1","output":[],"usage":null}}"#
        ),
        (
            "response.in_progress",
            #"{"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-4.1","output":[],"usage":null}}"#
        ),
        (
            "response.output_item.added",
            #"{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}"#
        ),
        (
            "response.content_part.added",
            #"{"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}"#
        ),
        (
            "response.output_text.delta",
            #"{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}"#
        ),
        (
            "response.output_text.delta",
            #"{"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" there!"}"#
        ),
        (
            "response.output_text.done",
            #"{"type":"response.output_text.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi there!"}"#
        ),
        (
            "response.output_item.done",
            #"{"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there!","annotations":[]}]}}"#
        ),
        (
            "response.completed",
            #"{"type":"response.completed","sequence_number":8,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"completed","model":"gpt-4.1","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there!","annotations":[]}]}],"usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":0},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":48}}}"#
        ),
    ].map { "event: \($0.0)\ndata: \($0.1)\n\n" }

    /// A reasoning model's stream as DeepSeek documents it (thinking mode): a role chunk with a `null`
    /// `reasoning_content`, reasoning deltas before any content, then the answer, and usage with the cache
    /// split at the top level (`prompt_cache_hit_tokens`).
    public static let reasoningStream: [String] = [
        #"{"id":"ds-1","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-v4-pro","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":null},"finish_reason":null}]}"#,
        #"{"id":"ds-1","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-v4-pro","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Compare 9.11"},"finish_reason":null}]}"#,
        #"{"id":"ds-1","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-v4-pro","choices":[{"index":0,"delta":{"content":null,"reasoning_content":" and 9.8."},"finish_reason":null}]}"#,
        #"{"id":"ds-1","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-v4-pro","choices":[{"index":0,"delta":{"content":"9.8 is larger.","reasoning_content":null},"finish_reason":null}]}"#,
        #"{"id":"ds-1","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-v4-pro","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":15,"completion_tokens":120,"total_tokens":135,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":7,"completion_tokens_details":{"reasoning_tokens":110}}}"#,
    ]

    /// A reasoning model's whole answer (DeepSeek's shape): `reasoning_content` beside the content.
    public static let reasoningResponse = #"""
        {"id":"ds-2","object":"chat.completion","created":1700000000,"model":"deepseek-v4-pro","choices":[{"index":0,"message":{"role":"assistant","content":"9.8 is larger.","reasoning_content":"Compare 9.11 and 9.8."},"finish_reason":"stop"}],"usage":{"prompt_tokens":15,"completion_tokens":120,"total_tokens":135,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":7}}
        """#
}
