// The request members that switch a reasoning model's thinking on or off on OpenAI-compatible servers.
// Each platform has its own: Qwen (DashScope) and SiliconFlow take `enable_thinking` and `thinking_budget`;
// GLM, DeepSeek, Kimi and Volcengine Ark take `thinking: {"type": "enabled" | "disabled"}`. To a server of
// the same format they go as they came (unknown members are kept). Anthropic's and Gemini's thinking have
// other shapes and other prices, so a translated request that asks for thinking is refused by name rather
// than answered without it; one that turns thinking off is what those models do anyway, and the member is
// named in `x-sira-dropped`.

import SiraCore

/// Thinking switches in a chat request, for translators that cannot carry them.
public enum ThinkingSwitches {
    /// The switches, in the order they are checked.
    public static let members = ["enable_thinking", "thinking", "thinking_budget"]

    /// The first switch that asks for thinking: `enable_thinking: true`, `thinking: true` or a `thinking`
    /// object whose `type` is not `disabled`, or a positive `thinking_budget` without `enable_thinking: false`.
    /// - Parameter request: The request.
    /// - Returns: The member's name, or `nil` when none asks for thinking.
    public static func enabling(_ request: ChatRequest) -> String? {
        let extra = request.extra
        if extra["enable_thinking"] == .bool(true) { return "enable_thinking" }
        switch extra["thinking"] {
        case nil, .null?, .bool(false)?: break
        case .object(let object)? where object["type"]?.stringValue == "disabled": break
        default: return "thinking"
        }
        if extra["enable_thinking"] != .bool(false), let budget = extra["thinking_budget"]?.doubleValue, budget > 0 {
            return "thinking_budget"
        }
        return nil
    }

    /// Refuses a request that asks for thinking a translator cannot ask for.
    /// - Parameters:
    ///   - request: The request.
    ///   - models: The models, for the message (`an Anthropic model`).
    /// - Throws: `unsupportedParameter` naming the switch.
    public static func refuseEnabling(_ request: ChatRequest, for models: String) throws {
        guard let member = enabling(request) else { return }
        throw GatewayError(
            .unsupportedParameter,
            "'\(member)' switches thinking on for OpenAI-compatible reasoning models; it cannot be translated for \(models).",
            param: member)
    }
}
