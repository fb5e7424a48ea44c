import ArgumentParser
import Foundation
import Logging
import SiraConfig
import SiraCore
import SiraGateway
import SiraProviders
import SiraRouting

/// `sira explain`: shows how a model name would be routed for a request, without sending it. The
/// candidates, which were left out and why, the order of attempts and each strategy's decision,
/// as JSON. Learners use it to watch routing think; operators to debug a configuration.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the routing plan for a model and a request, without sending it."
    )

    @Option(help: ArgumentHelp("The configuration file (env SIRA_CONFIG).", valueName: "file"))
    var config: String?

    @Option(help: "The public model name.")
    var model: String

    @Option(
        help: ArgumentHelp("A chat request body (JSON) to plan for; a one-line prompt by default.", valueName: "file"))
    var body: String?

    @Option(help: ArgumentHelp("Routing metadata, as sent in x-sira-metadata (a JSON object).", valueName: "json"))
    var metadata: String?

    func run() throws {
        let gateway = try Environment.gateway(config: config)
        var request = ChatRequest(model: model, messages: [.text(.user, "Hello")])
        if let body {
            guard let data = FileManager.default.contents(atPath: body) else {
                throw ValidationError("cannot read \(body)")
            }
            request = try OpenAIChatEndpoint.decode(Array(data))
        }
        let tags =
            try metadata.map { text -> [String: String] in
                guard let object = (try? JSONValue(parsing: text.utf8))?.objectValue else {
                    throw ValidationError("--metadata must be a JSON object")
                }
                return object.compactMapValues(\.stringValue)
            } ?? [:]
        let app = GatewayApp(
            configuration: gateway, httpClients: .standalone, logger: Logger(label: "sira-explain"))
        guard let entry = app.catalog[model] else { throw ValidationError("no model is named '\(model)'") }
        let facts = RequestFacts(request, metadata: tags)
        var explanation: JSONValue
        if let routed = entry.provider as? RoutedProvider {
            explanation = routed.planner.explain(facts)
        } else {
            explanation = [
                "model": .string(model), "strategy": "single",
                "attempts": [.string("\(entry.provider.name)/\(entry.upstreamModel)")],
            ]
        }
        // Chapter 05: what each attempt goes through (retries, timeouts), hedging, the budget, the breaker.
        if case .object(var object) = explanation, case .object(let resilience)? = gateway.attemptPolicies(of: model) {
            for (key, value) in resilience { object[key] = value }
            explanation = .object(object)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(explanation), as: UTF8.self))
    }
}
