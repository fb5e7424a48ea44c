// Generated from Sources/SiraRouting/SiraRouting.swift by scripts/make-starters. Nothing to write here.
// SiraRouting is chapter 03's module: one public model name, many deployments. A model group has
// targets (a provider and an upstream model, with weight, prices, context window, capabilities) and
// a strategy tree; for each request the planner turns them into an ordered plan of attempts, and
// `RoutedProvider` runs the plan: the next attempt when one fails in a way another target may not,
// until the first content byte of a stream reaches the client (the commit point).
//
// Layout:
// - `RouteTarget.swift`       one deployment, and what it can do
// - `ModelTable.swift`        prices, context windows and capabilities of known models (generated)
// - `RequestFacts.swift`      what planning needs to know about a request
// - `Strategy.swift`          the strategy tree and conditions
// - `RoutingState.swift`      what routing remembers per deployment (`DeploymentStates`: latency
//                             EWMA, requests in flight, failures, cool-downs) and per group
//                             (`RoutingState`: its view of those, round-robin turns)
// - `Planner.swift`           strategy + request + state → plan, with the reasons
// - `RoutedProvider.swift`    runs a plan: fallback, each target's health, a stream's end
// - `AttemptRunner.swift`     one attempt through the attempt pipeline, up to the commit point

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraRoutingModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
