"""The official OpenAI Python SDK against a running `sira serve` (the embedded default: mock provider).

Run by scripts/sdk-tests, which starts the server and sets SIRA_BASE_URL. Every call goes to
127.0.0.1 with a short timeout and no retries, so a failure shows at once.
"""
import os

import openai
import pytest

BASE_URL = os.environ["SIRA_BASE_URL"]


@pytest.fixture
def client():
    return openai.OpenAI(base_url=BASE_URL, api_key="sk-test-not-checked-yet", timeout=10, max_retries=0)


def test_chat_completion(client):
    response = client.chat.completions.create(
        model="mock", messages=[{"role": "user", "content": "Hello from the SDK"}]
    )
    assert response.object == "chat.completion"
    assert response.choices[0].message.content == "Mock answer to: Hello from the SDK"
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens


def test_streaming_with_usage(client):
    stream = client.chat.completions.create(
        model="mock",
        messages=[{"role": "user", "content": "stream me"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    text, usage, finish = "", None, None
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
            assert chunk.choices == []
        for choice in chunk.choices:
            text += choice.delta.content or ""
            finish = choice.finish_reason or finish
    assert text == "Mock answer to: stream me"
    assert finish == "stop"
    assert usage is not None and usage.completion_tokens == 5


def test_streaming_without_usage(client):
    chunks = list(
        client.chat.completions.create(
            model="mock", messages=[{"role": "user", "content": "hi"}], stream=True
        )
    )
    assert all(chunk.usage is None for chunk in chunks)


def test_max_tokens_and_unknown_fields(client):
    response = client.chat.completions.create(
        model="mock",
        messages=[{"role": "user", "content": "a b c d e"}],
        max_tokens=3,
        extra_body={"x_future_field": {"kept": True}},
    )
    assert response.choices[0].finish_reason == "length"
    assert response.choices[0].message.content == "Mock answer to:"


def test_tool_call(client):
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]
    response = client.chat.completions.create(
        model="mock", messages=[{"role": "user", "content": "weather?"}], tools=tools, tool_choice="required"
    )
    call = response.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather" and call.function.arguments == "{}"
    assert response.choices[0].finish_reason == "tool_calls"


def test_models(client):
    assert [model.id for model in client.models.list()] == ["mock"]


def test_unknown_model_is_not_found(client):
    with pytest.raises(openai.NotFoundError) as raised:
        client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    assert raised.value.code == "model_not_found"
    assert raised.value.body["param"] == "model"


def test_invalid_request_is_bad_request(client):
    with pytest.raises(openai.BadRequestError) as raised:
        client.chat.completions.create(model="mock", messages=[{"content": "no role"}])
    assert raised.value.body["param"] == "messages[0].role"


def test_embeddings_float_and_base64(client):
    floats = client.embeddings.create(model="mock", input=["a", "b"], dimensions=8, encoding_format="float")
    assert [item.index for item in floats.data] == [0, 1]
    assert len(floats.data[0].embedding) == 8
    # The SDK asks for base64 by default and decodes it to floats: both must agree.
    default = client.embeddings.create(model="mock", input=["a", "b"], dimensions=8)
    assert [round(x, 5) for x in default.data[0].embedding] == [round(x, 5) for x in floats.data[0].embedding]
    assert default.usage.prompt_tokens == 2


def test_sira_headers(client):
    raw = client.chat.completions.with_raw_response.create(
        model="mock", messages=[{"role": "user", "content": "hi"}]
    )
    assert raw.headers["x-sira-provider"] == "mock"
    assert raw.headers["x-sira-model"] == "mock"
    assert raw.headers["x-sira-attempts"] == "1"
    assert float(raw.headers["x-sira-overhead-ms"]) >= 0
    assert raw.headers["x-sira-request-id"].startswith("req_")
    assert raw.parse().choices[0].message.content == "Mock answer to: hi"


def test_cache_hit_and_stream_replay():
    """Chapter 04: against a gateway with `cache: {}`, the second identical call is a hit with the same
    answer, and a streamed hit replays the same chunks."""
    cached = openai.OpenAI(
        base_url=os.environ["SIRA_CACHED_BASE_URL"], api_key="sk-test-not-checked-yet", timeout=10, max_retries=0
    )
    messages = [{"role": "user", "content": "Cache me"}]
    first = cached.chat.completions.with_raw_response.create(model="mock", messages=messages)
    second = cached.chat.completions.with_raw_response.create(model="mock", messages=messages)
    assert first.headers["x-sira-cache"] == "miss"
    assert second.headers["x-sira-cache"] == "hit"
    assert second.parse().choices[0].message.content == first.parse().choices[0].message.content
    assert second.parse().id == first.parse().id

    def streamed():
        stream = cached.chat.completions.create(model="mock", messages=messages, stream=True)
        return [(chunk.id, chunk.choices[0].delta.content if chunk.choices else None) for chunk in stream]

    assert streamed() == streamed()
    fresh = cached.chat.completions.with_raw_response.create(
        model="mock", messages=messages, extra_headers={"cache-control": "no-cache"}
    )
    assert fresh.headers["x-sira-cache"] == "refresh"


def test_responses_api_whole_and_streamed(client):
    response = client.responses.create(model="mock", input="Hello from responses", instructions="Be brief.")
    assert response.object == "response" and response.status == "completed"
    assert response.output_text == "Mock answer to: Hello from responses"
    assert response.usage.input_tokens > 0 and response.usage.output_tokens > 0
    stream = client.responses.create(
        model="mock", input=[{"role": "user", "content": [{"type": "input_text", "text": "stream me"}]}], stream=True
    )
    events = list(stream)
    types = [event.type for event in events]
    assert types[:2] == ["response.created", "response.in_progress"] and types[-1] == "response.completed"
    assert [event.sequence_number for event in events] == list(range(len(events)))
    text = "".join(event.delta for event in events if event.type == "response.output_text.delta")
    assert text == "Mock answer to: stream me"
    assert events[-1].response.output_text == text


def test_responses_api_tool_round_trip(client):
    tools = [{"type": "function", "name": "get_weather", "parameters": {"type": "object"}}]
    first = client.responses.create(model="mock", input="weather?", tools=tools, tool_choice="required")
    call = next(item for item in first.output if item.type == "function_call")
    assert call.name == "get_weather" and call.arguments == "{}"
    second = client.responses.create(
        model="mock",
        tools=tools,
        input=[
            {"role": "user", "content": "weather?"},
            {"type": "function_call", "call_id": call.call_id, "name": call.name, "arguments": call.arguments},
            {"type": "function_call_output", "call_id": call.call_id, "output": "sunny"},
        ],
    )
    assert second.output_text.startswith("Mock answer to:")


def test_responses_api_refuses_what_it_cannot_keep(client):
    with pytest.raises(openai.BadRequestError) as raised:
        client.responses.create(model="mock", input="hi", previous_response_id="resp_123")
    assert raised.value.body["param"] == "previous_response_id"
    with pytest.raises(openai.BadRequestError) as raised:
        client.responses.create(model="mock", input="hi", tools=[{"type": "web_search"}])
    assert raised.value.body["param"] == "tools[0].type"


def test_responses_api_stream_helper(client):
    # The SDK's own stream helper checks the event order (created first, each item added before its content).
    with client.responses.stream(model="mock", input="helper please") as stream:
        deltas = [event.delta for event in stream if event.type == "response.output_text.delta"]
        final = stream.get_final_response()
    assert "".join(deltas) == final.output_text == "Mock answer to: helper please"
