"""The official Anthropic Python SDK against a running `sira serve` (the embedded default: mock provider).

The mock is not an Anthropic model, so every call exercises the translated path: the Messages
request decoded into the neutral model, the answer written back as a message or as Anthropic's
exact event sequence. Run by scripts/sdk-tests, which sets SIRA_BASE_URL (…/v1).
"""
import os

import anthropic
import pytest

BASE_URL = os.environ["SIRA_BASE_URL"].removesuffix("/v1")


@pytest.fixture
def client():
    return anthropic.Anthropic(base_url=BASE_URL, api_key="sk-ant-not-checked-yet", timeout=10, max_retries=0)


def test_message(client):
    message = client.messages.create(
        model="mock", max_tokens=100, system="Be brief.", messages=[{"role": "user", "content": "Hello from Claude's SDK"}]
    )
    assert message.type == "message" and message.role == "assistant"
    assert message.content[0].type == "text"
    assert message.content[0].text == "Mock answer to: Hello from Claude's SDK"
    assert message.stop_reason == "end_turn"
    assert message.usage.output_tokens == 7  # one per word of "Mock answer to: Hello from Claude's SDK"


def test_streaming_text_and_final_message(client):
    with client.messages.stream(
        model="mock", max_tokens=100, messages=[{"role": "user", "content": "stream me"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "Mock answer to: stream me"
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens == 5


def test_max_tokens_stops_early(client):
    message = client.messages.create(model="mock", max_tokens=3, messages=[{"role": "user", "content": "a b c"}])
    assert message.stop_reason == "max_tokens"


def test_tool_use_whole_and_streamed(client):
    tools = [{"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}]
    message = client.messages.create(
        model="mock", max_tokens=50, tools=tools, tool_choice={"type": "any"},
        messages=[{"role": "user", "content": "weather?"}],
    )
    block = message.content[-1]
    assert block.type == "tool_use" and block.name == "get_weather" and block.input == {}
    assert message.stop_reason == "tool_use"
    with client.messages.stream(
        model="mock", max_tokens=50, tools=tools, tool_choice={"type": "tool", "name": "get_weather"},
        messages=[{"role": "user", "content": "weather?"}],
    ) as stream:
        final = stream.get_final_message()
    assert final.content[-1].type == "tool_use" and final.content[-1].name == "get_weather"
    assert final.stop_reason == "tool_use"


def test_tool_result_round_trip(client):
    message = client.messages.create(
        model="mock", max_tokens=50,
        tools=[{"name": "get_weather", "input_schema": {"type": "object"}}],
        messages=[
            {"role": "user", "content": "weather?"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "21C"}]},
        ],
    )
    assert message.stop_reason == "end_turn"


def test_unknown_model_is_not_found(client):
    with pytest.raises(anthropic.NotFoundError) as raised:
        client.messages.create(model="no-such-model", max_tokens=5, messages=[{"role": "user", "content": "hi"}])
    assert raised.value.body["error"]["type"] == "not_found_error"


def test_untranslatable_member_is_bad_request(client):
    with pytest.raises(anthropic.BadRequestError) as raised:
        client.messages.create(
            model="mock", max_tokens=2048, thinking={"type": "enabled", "budget_tokens": 1024},
            messages=[{"role": "user", "content": "hi"}],
        )
    assert raised.value.body["type"] == "error"
    assert "thinking" in raised.value.body["error"]["message"]
