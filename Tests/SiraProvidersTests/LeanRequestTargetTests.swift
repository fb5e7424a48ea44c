import Testing

@testable import SiraProviders

@Suite("The lean client's request target")
struct LeanRequestTargetTests {
    @Test("the path and query of a URL, without its fragment; `/` when it has none")
    func target() {
        let cases: [(String, String)] = [
            ("https://api.openai.com/v1/chat/completions", "/v1/chat/completions"),
            (
                "http://127.0.0.1:8080/openai/deployments/d/chat/completions?api-version=2024-10-21",
                "/openai/deployments/d/chat/completions?api-version=2024-10-21"
            ),
            ("https://host.example", "/"),
            ("https://host.example/", "/"),
            ("https://host.example?x=1", "/?x=1"),
            ("https://host.example/a#frag", "/a"),
            ("https://host.example#frag", "/"),
            ("https://host.example/é/ü?q=✓", "/é/ü?q=✓"),
            ("no scheme at all", "/"),
            ("", "/"),
        ]
        for (url, expected) in cases { #expect(LeanHTTPClient.target(of: url) == expected, "\(url)") }
    }
}
