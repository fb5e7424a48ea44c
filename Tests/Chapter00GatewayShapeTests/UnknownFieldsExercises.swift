// Exercise 0.3: members Sira does not know survive decoding and encoding.

import SiraCore
import SiraTesting
import Testing

@Suite("0.3 Unknown members survive a round trip")
struct UnknownFieldsExercises {
    @Test("0.3 unknown top-level members are kept in extra")
    func topLevelExtra() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        for key in ["reasoning_effort", "logit_bias", "service_tier", "x_future_field"] {
            #expect(request.extra[key] != nil, "\(key) was dropped")
        }
        #expect(request.extra["x_future_field"] == ["nested": [true, nil, 1.5]])
    }

    @Test("0.3 known members are typed, not duplicated into extra; the unknown ones are")
    func knownNotInExtra() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        #expect(request.extra["model"] == nil && request.extra["messages"] == nil, "extra: \(request.extra.keys)")
        #expect(request.model == "gpt-4o")
        #expect(request.extra["reasoning_effort"] != nil, "an unknown member belongs in extra: \(request.extra.keys)")
    }

    @Test("0.3 decode then encode gives back every member of a full request")
    func fullRoundTrip() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        let original = try JSONTesting.parse(OpenAIFixtures.fullRequest).droppingNullMembers
        let encoded = try JSONTesting.encodeToJSON(request).droppingNullMembers
        let differences = encoded.differences(from: original)
        #expect(differences.isEmpty, "round trip changed: \(differences)")
    }

    @Test("0.3 unknown members inside messages and parts survive")
    func nestedExtra() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        #expect(request.messages.last?.extra["annotations"] == [])
        guard case .parts(let parts)? = request.messages[2].content, case .text(let text)? = parts.first else {
            Issue.record("expected parts in the user message")
            return
        }
        #expect(text.extra["prompt_cache_breakpoint"] == ["mode": "explicit"])
    }
}
