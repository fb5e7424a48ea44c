"""Fake providers for the SDK tests: one loopback HTTP server that speaks each provider kind's wire format.

scripts/sdk-tests starts it (`python3 Tests/SDK/fake_upstreams.py`), reads the port it prints, and points a
gateway's providers at it:

    /openai/v1/chat/completions, /openai/v1/embeddings   OpenAI's chat completions and embeddings
    /openai/v1/responses                                 OpenAI's Responses API (whole and streamed; it
                                                         says which previous_response_id it was given)
    /azure/openai/v1/chat/completions                    the same, as Azure OpenAI's v1 API sends it: a
                                                         prompt-filter preamble chunk first in streams
    /anthropic/v1/messages                               Anthropic's Messages API
    /gemini/v1beta/models/{model}:generateContent        Gemini (and :streamGenerateContent?alt=sse,
                                                         :batchEmbedContents)

Every kind answers text, or a call of the request's first tool until the conversation holds a tool result;
the model `limited` answers 429 with `retry-after: 7` in the kind's error shape. Only 127.0.0.1; the server
stops with its process (scripts/sdk-tests kills it by its PID).
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = "Fake answer from {kind}"
ARGUMENTS = {"city": "Paris"}


def sse(events):
    return "".join(f"data: {json.dumps(event)}\n\n" for event in events)


def named_sse(events):
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        path = self.path
        if path.startswith("/openai/") or path.startswith("/azure/"):
            kind = "azure" if path.startswith("/azure/") else "openai"
            if path.endswith("/embeddings"):
                return self.openai_embeddings(body)
            if path.endswith("/responses"):
                return self.openai_responses(body)
            return self.openai_chat(body, kind)
        if path.startswith("/anthropic/"):
            return self.anthropic(body)
        if path.startswith("/gemini/"):
            model, _, method = path.split("/models/", 1)[1].partition(":")
            return self.gemini(body, model, method)
        self.send(404, json.dumps({"error": {"message": "no such path"}}))

    # OpenAI and Azure

    def openai_chat(self, body, kind):
        if body.get("model") == "limited":
            error = {"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}
            return self.send(429, json.dumps(error), headers=[("retry-after", "7")])
        messages = body.get("messages", [])
        tools = body.get("tools") or []
        call = tools and not any(message.get("role") == "tool" for message in messages)
        base = {"id": f"chatcmpl-{kind}", "created": 1700000000, "model": body.get("model", "")}
        usage = {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}
        name = tools[0]["function"]["name"] if call else None
        if not body.get("stream"):
            message = {"role": "assistant", "content": None if call else ANSWER.format(kind=kind)}
            if call:
                message["tool_calls"] = [
                    {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(ARGUMENTS)}}
                ]
            choice = {"index": 0, "message": message, "finish_reason": "tool_calls" if call else "stop"}
            answer = dict(base, object="chat.completion", choices=[choice], usage=usage)
            if kind == "azure":
                answer["prompt_filter_results"] = [{"prompt_index": 0, "content_filter_results": {}}]
            return self.send(200, json.dumps(answer))
        chunk = dict(base, object="chat.completion.chunk")
        events = []
        if kind == "azure":
            events.append({"choices": [], "created": 0, "id": "", "model": "", "object": "",
                           "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}]})
        events.append(dict(chunk, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""}}]))
        if call:
            start = {"index": 0, "id": "call_1", "type": "function", "function": {"name": name, "arguments": ""}}
            events.append(dict(chunk, choices=[{"index": 0, "delta": {"tool_calls": [start]}}]))
            rest = {"index": 0, "function": {"arguments": json.dumps(ARGUMENTS)}}
            events.append(dict(chunk, choices=[{"index": 0, "delta": {"tool_calls": [rest]}}]))
        else:
            for piece in ANSWER.format(kind=kind).split(" "):
                events.append(dict(chunk, choices=[{"index": 0, "delta": {"content": piece + " "}}]))
        events.append(dict(chunk, choices=[{"index": 0, "delta": {}, "finish_reason": "tool_calls" if call else "stop"}]))
        if (body.get("stream_options") or {}).get("include_usage"):
            events.append(dict(chunk, choices=[], usage=usage))
        self.send(200, sse(events) + "data: [DONE]\n\n", "text/event-stream")

    def openai_embeddings(self, body):
        inputs = body.get("input")
        inputs = inputs if isinstance(inputs, list) else [inputs]
        data = [{"object": "embedding", "index": i, "embedding": [0.25, 0.5, 0.75]} for i in range(len(inputs))]
        answer = {"object": "list", "data": data, "model": body.get("model"), "usage": {"prompt_tokens": 3, "total_tokens": 3}}
        self.send(200, json.dumps(answer))

    def openai_responses(self, body):
        tools = body.get("tools") or []
        items = body.get("input") if isinstance(body.get("input"), list) else []
        call = tools and not any(item.get("type") == "function_call_output" for item in items)
        text = ANSWER.format(kind="openai-responses")
        if body.get("previous_response_id"):
            text += f" after {body['previous_response_id']}"
        if call:
            item = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": tools[0]["name"],
                    "arguments": json.dumps(ARGUMENTS), "status": "completed"}
        else:
            item = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "text": text, "annotations": []}]}
        usage = {"input_tokens": 9, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 4,
                 "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 13}
        response = {"id": "resp_fake", "object": "response", "created_at": 1700000000, "status": "completed",
                    "model": body.get("model"), "output": [item], "usage": usage, "error": None,
                    "incomplete_details": None, "instructions": None, "metadata": {}, "parallel_tool_calls": True,
                    "temperature": 1.0, "top_p": 1.0, "text": {"format": {"type": "text"}}, "tool_choice": "auto",
                    "tools": tools, "truncation": "disabled", "previous_response_id": body.get("previous_response_id")}
        if not body.get("stream"):
            return self.send(200, json.dumps(response))
        events = []

        def event(kind, **members):
            events.append((kind, dict(members, type=kind, sequence_number=len(events))))

        started = dict(response, status="in_progress", output=[], usage=None)
        event("response.created", response=started)
        event("response.in_progress", response=started)
        if call:
            event("response.output_item.added", output_index=0, item=dict(item, arguments="", status="in_progress"))
            event("response.function_call_arguments.delta", item_id="fc_1", output_index=0, delta=item["arguments"])
            event("response.function_call_arguments.done", item_id="fc_1", output_index=0, arguments=item["arguments"])
        else:
            event("response.output_item.added", output_index=0, item=dict(item, content=[], status="in_progress"))
            part = {"type": "output_text", "text": "", "annotations": []}
            event("response.content_part.added", item_id="msg_1", output_index=0, content_index=0, part=part)
            for piece in text.split(" "):
                event("response.output_text.delta", item_id="msg_1", output_index=0, content_index=0, delta=piece + " ")
            event("response.output_text.done", item_id="msg_1", output_index=0, content_index=0, text=text)
            event("response.content_part.done", item_id="msg_1", output_index=0, content_index=0,
                  part=dict(part, text=text))
        event("response.output_item.done", output_index=0, item=item)
        event("response.completed", response=response)
        self.send(200, named_sse(events), "text/event-stream")

    # Anthropic

    def anthropic(self, body):
        if body.get("model") == "limited":
            error = {"type": "error", "error": {"type": "rate_limit_error", "message": "Rate limited"}}
            return self.send(429, json.dumps(error), headers=[("retry-after", "7")])
        tools = body.get("tools") or []
        results = any(
            isinstance(message.get("content"), list)
            and any(block.get("type") == "tool_result" for block in message["content"])
            for message in body.get("messages", [])
        )
        call = tools and not results
        usage = {"input_tokens": 9, "output_tokens": 4}
        if call:
            block = {"type": "tool_use", "id": "toolu_1", "name": tools[0]["name"], "input": ARGUMENTS}
        else:
            block = {"type": "text", "text": ANSWER.format(kind="anthropic")}
        reason = "tool_use" if call else "end_turn"
        message = {"id": "msg_1", "type": "message", "role": "assistant", "model": body.get("model"),
                   "content": [block], "stop_reason": reason, "stop_sequence": None, "usage": usage}
        if not body.get("stream"):
            return self.send(200, json.dumps(message))
        start = dict(message, content=[], stop_reason=None, usage={"input_tokens": 9, "output_tokens": 1})
        events = [("message_start", {"type": "message_start", "message": start})]
        if call:
            events.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                                   "content_block": dict(block, input={})}))
            events.append(("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                   "delta": {"type": "input_json_delta", "partial_json": json.dumps(ARGUMENTS)}}))
        else:
            events.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                                   "content_block": {"type": "text", "text": ""}}))
            events.append(("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                   "delta": {"type": "text_delta", "text": block["text"]}}))
        events.append(("content_block_stop", {"type": "content_block_stop", "index": 0}))
        events.append(("message_delta", {"type": "message_delta", "delta": {"stop_reason": reason, "stop_sequence": None},
                                         "usage": {"output_tokens": 4}}))
        events.append(("message_stop", {"type": "message_stop"}))
        self.send(200, named_sse(events), "text/event-stream")

    # Gemini

    def gemini(self, body, model, method):
        if model == "limited":
            error = {"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}
            return self.send(429, json.dumps(error), headers=[("retry-after", "7")])
        if method == "batchEmbedContents":
            embeddings = [{"values": [0.25, 0.5, 0.75]} for _ in body.get("requests", [])]
            return self.send(200, json.dumps({"embeddings": embeddings}))
        declarations = [d for tool in body.get("tools") or [] for d in tool.get("functionDeclarations", [])]
        results = any("functionResponse" in part for content in body.get("contents", []) for part in content.get("parts", []))
        call = declarations and not results
        if call:
            part = {"functionCall": {"name": declarations[0]["name"], "args": ARGUMENTS}}
        else:
            part = {"text": ANSWER.format(kind="gemini")}
        usage = {"promptTokenCount": 9, "candidatesTokenCount": 4, "totalTokenCount": 13}
        answer = {"candidates": [{"content": {"role": "model", "parts": [part]}, "finishReason": "STOP", "index": 0}],
                  "usageMetadata": usage, "modelVersion": model, "responseId": "gemini-1"}
        if method.startswith("generateContent"):
            return self.send(200, json.dumps(answer))
        if call:
            events = [answer]
        else:
            words = part["text"].split(" ")
            events = [{"candidates": [{"content": {"role": "model", "parts": [{"text": word + " "}]}, "index": 0}],
                       "modelVersion": model, "responseId": "gemini-1"} for word in words[:-1]]
            last = {"content": {"role": "model", "parts": [{"text": words[-1]}]}, "finishReason": "STOP", "index": 0}
            events.append({"candidates": [last], "usageMetadata": usage, "modelVersion": model, "responseId": "gemini-1"})
        self.send(200, sse(events), "text/event-stream")


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"fake-upstreams listening on port={server.server_address[1]}", flush=True)
    server.serve_forever()
