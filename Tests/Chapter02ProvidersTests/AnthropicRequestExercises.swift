// Exercise 2.2: an OpenAI conversation in Anthropic's shape.

import SiraCore
import SiraProviders
import Testing

@Suite("2.2 OpenAI messages as Anthropic turns")
struct AnthropicRequestExercises {
    func call(_ id: String) -> ToolCall { ToolCall(id: id, name: "get_weather", arguments: #"{"city":"Paris"}"#) }

    @Test("2.2 system and developer messages are hoisted out, in order, wherever they are")
    func system() throws {
        let (system, turns) = try AnthropicRequestTranslator.conversation([
            .text(.system, "Be terse."), .text(.user, "Hi"), .text(.developer, "Use metric units."),
        ])
        #expect(system == ["Be terse.", "Use metric units."])
        #expect(turns == [.init(role: "user", content: [["type": "text", "text": "Hi"]])])
    }

    @Test("2.2 an assistant's text and tool calls share one turn; tool results go in a user turn")
    func toolRoundTrip() throws {
        var assistant = ChatMessage.text(.assistant, "Checking.")
        assistant.toolCalls = [call("call_1"), call("call_2")]
        var first = ChatMessage.text(.tool, "21C")
        first.toolCallID = "call_1"
        var second = ChatMessage.text(.tool, "sunny")
        second.toolCallID = "call_2"
        let (_, turns) = try AnthropicRequestTranslator.conversation([
            .text(.user, "Weather?"), assistant, first, second, .text(.user, "Thanks"),
        ])
        try #require(turns.map(\.role) == ["user", "assistant", "user"], "tool results and the next user text merge")
        #expect(
            turns[1].content == [
                ["type": "text", "text": "Checking."],
                ["type": "tool_use", "id": "call_1", "name": "get_weather", "input": ["city": "Paris"]],
                ["type": "tool_use", "id": "call_2", "name": "get_weather", "input": ["city": "Paris"]],
            ])
        #expect(
            turns[2].content == [
                ["type": "tool_result", "tool_use_id": "call_1", "content": "21C"],
                ["type": "tool_result", "tool_use_id": "call_2", "content": "sunny"],
                ["type": "text", "text": "Thanks"],
            ])
    }

    @Test("2.2 consecutive user messages become one turn; an empty message adds nothing")
    func merging() throws {
        let (_, turns) = try AnthropicRequestTranslator.conversation([
            .text(.user, "one"), .text(.user, ""), .text(.user, "two"),
        ])
        #expect(
            turns == [
                .init(role: "user", content: [["type": "text", "text": "one"], ["type": "text", "text": "two"]])
            ])
    }

    @Test("2.2 a tool message without tool_call_id is a 400 naming it")
    func missingID() {
        let error = #expect(throws: GatewayError.self) {
            try AnthropicRequestTranslator.conversation([.text(.user, "x"), .text(.tool, "21C")])
        }
        #expect(error?.param == "messages[1].tool_call_id")
        #expect(error?.kind == .invalidRequest)
    }

    @Test("2.2 a role Anthropic has no place for is refused by name")
    func unknownRole() {
        let error = #expect(throws: GatewayError.self) {
            try AnthropicRequestTranslator.conversation([.text(Role(rawValue: "function"), "x")])
        }
        #expect(error?.param == "messages[0].role")
        #expect(error?.kind == .unsupportedParameter)
    }
}
