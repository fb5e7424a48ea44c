"""The official OpenAI and Anthropic SDKs in front of every provider kind, through fake upstreams that speak
each kind's wire format (Tests/SDK/fake_upstreams.py): chat, streaming, a tool round trip, embeddings where
the kind has them, and the error shapes.

Run by scripts/sdk-tests, which starts the fakes and a gateway configured with one model per kind, and sets
SIRA_KINDS_BASE_URL. Every call goes to 127.0.0.1 with a short timeout and no retries.
"""
import os

import anthropic
import openai
import pytest

BASE_URL = os.environ["SIRA_KINDS_BASE_URL"]
KINDS = {"gpt-fake": "openai", "azure-fake": "azure", "claude-fake": "anthropic", "gemini-fake": "gemini"}
TOOLS = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]


@pytest.fixture
def oai():
    return openai.OpenAI(base_url=BASE_URL, api_key="sk-test", timeout=10, max_retries=0)


@pytest.fixture
def claude():
    return anthropic.Anthropic(base_url=BASE_URL.removesuffix("/v1"), api_key="sk-test", timeout=10, max_retries=0)


@pytest.mark.parametrize("model", KINDS)
def test_openai_sdk_chat_and_stream(oai, model):
    answer = f"Fake answer from {KINDS[model]}"
    response = oai.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])
    assert response.choices[0].message.content == answer
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.prompt_tokens == 9
    stream = oai.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "hi"}], stream=True, stream_options={"include_usage": True}
    )
    text, ids, usage = "", set(), None
    for chunk in stream:
        ids.add(chunk.id)
        assert chunk.object == "chat.completion.chunk"
        usage = chunk.usage or usage
        for choice in chunk.choices:
            text += choice.delta.content or ""
    assert text.strip() == answer
    assert len(ids) == 1 and "" not in ids, ids
    assert usage is not None and usage.completion_tokens == 4


@pytest.mark.parametrize("model", KINDS)
def test_openai_sdk_tool_round_trip(oai, model):
    messages = [{"role": "user", "content": "weather in Paris?"}]
    first = oai.chat.completions.create(model=model, messages=messages, tools=TOOLS)
    call = first.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather" and call.function.arguments.replace(" ", "") == '{"city":"Paris"}'
    assert first.choices[0].finish_reason == "tool_calls"
    messages += [first.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call.id, "content": "sunny"}]
    second = oai.chat.completions.create(model=model, messages=messages, tools=TOOLS)
    assert second.choices[0].message.content == f"Fake answer from {KINDS[model]}"


@pytest.mark.parametrize("model", KINDS)
def test_anthropic_sdk_message_stream_and_tool(claude, model):
    answer = f"Fake answer from {KINDS[model]}"
    message = claude.messages.create(model=model, max_tokens=50, messages=[{"role": "user", "content": "hi"}])
    assert message.content[0].text == answer and message.stop_reason == "end_turn"
    with claude.messages.stream(model=model, max_tokens=50, messages=[{"role": "user", "content": "hi"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text.strip() == answer and final.stop_reason == "end_turn"
    tools = [{"name": "get_weather", "input_schema": {"type": "object"}}]
    first = claude.messages.create(
        model=model, max_tokens=50, tools=tools, messages=[{"role": "user", "content": "weather?"}]
    )
    use = next(block for block in first.content if block.type == "tool_use")
    assert use.name == "get_weather" and use.input == {"city": "Paris"} and first.stop_reason == "tool_use"
    second = claude.messages.create(
        model=model, max_tokens=50, tools=tools,
        messages=[
            {"role": "user", "content": "weather?"},
            {"role": "assistant", "content": [block.model_dump(exclude_none=True) for block in first.content]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "sunny"}]},
        ],
    )
    assert second.content[0].text == answer


@pytest.mark.parametrize("model", ["oa-embed", "az-embed", "gemini-embed"])
def test_openai_sdk_embeddings(oai, model):
    floats = oai.embeddings.create(model=model, input=["a", "b"], encoding_format="float")
    assert [item.index for item in floats.data] == [0, 1]
    assert floats.data[0].embedding == [0.25, 0.5, 0.75]


@pytest.mark.parametrize("model", ["oa-limited", "claude-limited", "gemini-limited"])
def test_rate_limits_reach_both_sdks_with_retry_after(oai, claude, model):
    with pytest.raises(openai.RateLimitError) as raised:
        oai.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])
    assert raised.value.status_code == 429 and raised.value.response.headers["retry-after"] == "7"
    assert raised.value.code == "provider_rate_limited"
    with pytest.raises(anthropic.RateLimitError) as raised:
        claude.messages.create(model=model, max_tokens=10, messages=[{"role": "user", "content": "hi"}])
    assert raised.value.status_code == 429 and raised.value.response.headers["retry-after"] == "7"


# gpt-responses is an OpenAI upstream that serves the Responses API: its calls are forwarded as they are.
RESPONSES_KINDS = dict(KINDS, **{"gpt-responses": "openai-responses"})


@pytest.mark.parametrize("model", RESPONSES_KINDS)
def test_responses_api_in_front_of_every_kind(oai, model):
    answer = f"Fake answer from {RESPONSES_KINDS[model]}"
    response = oai.responses.create(model=model, input="hi")
    assert response.output_text == answer and response.status == "completed"
    events = list(oai.responses.create(model=model, input="hi", stream=True))
    assert events[-1].type == "response.completed"
    text = "".join(event.delta for event in events if event.type == "response.output_text.delta")
    assert text.strip() == answer
    tools = [{"type": "function", "name": "get_weather", "parameters": {"type": "object"}}]
    first = oai.responses.create(model=model, input="weather?", tools=tools)
    call = next(item for item in first.output if item.type == "function_call")
    assert call.name == "get_weather"
    second = oai.responses.create(
        model=model, tools=tools,
        input=[
            {"role": "user", "content": "weather?"},
            {"type": "function_call", "call_id": call.call_id, "name": call.name, "arguments": call.arguments},
            {"type": "function_call_output", "call_id": call.call_id, "output": "sunny"},
        ],
    )
    assert second.output_text == answer


def test_responses_api_pass_through_keeps_openai_only_members(oai):
    # Forwarded as it is, so a stored conversation's id reaches OpenAI; translated, it is refused by name.
    response = oai.responses.create(model="gpt-responses", input="hi", previous_response_id="resp_0")
    assert response.output_text == "Fake answer from openai-responses after resp_0"
    assert response.id == "resp_fake"
    with pytest.raises(openai.BadRequestError) as raised:
        oai.responses.create(model="gpt-fake", input="hi", previous_response_id="resp_0")
    assert "previous_response_id" in raised.value.message
