// Generated from Sources/SiraCore/Call/Attempt.swift by scripts/make-starters. Nothing to write here.
// The attempt level's input (docs/architecture.md §1): one try of a call against one deployment.

/// One deployment: a provider and the model it is asked for. Health, breakers and latency are kept
/// per deployment, so two model groups that share one share what they learn about it.
public struct Deployment: Hashable, Sendable, CustomStringConvertible {
    /// The provider's configured name.
    public var provider: String
    /// The upstream model.
    public var model: String

    /// Creates a deployment.
    /// - Parameters:
    ///   - provider: The provider's name.
    ///   - model: The upstream model.
    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    /// `provider/model`.
    public var description: String { "\(provider)/\(model)" }
}

/// One try against one deployment: what attempt policies (timeouts, retries, breakers, hedging)
/// see. Routing makes one per target it tries and runs it through the attempt pipeline, whose
/// handler calls the provider and waits for the commit point of a stream: an attempt's reply is
/// either committed (the client may see it) or the attempt failed.
public struct Attempt: Sendable {
    /// The call, with `upstreamModel` set to the deployment's model.
    public var call: ChatCall
    /// Where the attempt goes.
    public var deployment: Deployment
    /// 1 for the request's first attempt, 2 for the next, and so on.
    public var number: Int

    /// Creates an attempt.
    /// - Parameters:
    ///   - call: The call for this deployment.
    ///   - deployment: The deployment.
    ///   - number: The attempt's number within the request, from 1.
    public init(call: ChatCall, deployment: Deployment, number: Int) {
        self.call = call
        self.deployment = deployment
        self.number = number
    }
}
