// Chapter 03's cool-down, grown into a circuit breaker: Envoy's outlier detection for one deployment.
// Consecutive provider faults, or too high a share of failures in a window, eject the deployment for a
// time that grows with each ejection; when the time is up, one probe request decides whether it comes
// back. A 429 is not a fault: the deployment is paused for its Retry-After, and its breaker stays closed.

import SiraCore

/// The health of one deployment (provider + model) as a circuit breaker: closed (in use), open
/// (ejected until an instant), or half-open (the ejection is over and one probe is deciding).
///
/// Routing keeps one per deployment, shared by every model group that sends to it, and asks it two
/// things: whether the deployment may be planned now (`isAvailable(at:)`), and what each attempt
/// did (`record(_:at:settings:)`). `admit(at:)` is called when an attempt starts, so that after an
/// ejection only one request at a time probes; `release(at:)` when it ends without a verdict (the
/// client went away), so the next request may probe instead.
///
/// Why "ejection" and not "open": for a gateway in front of several deployments, a breaker is outlier
/// detection. An open breaker does not fail requests, it takes the deployment out of the plan, and
/// the group's other deployments answer. The share of a group that may be out at once is bounded by
/// the planner (`CircuitBreaker.Settings.maximumEjectedShare`), so a bad minute cannot empty a group.
public struct CircuitBreaker: Sendable, Hashable {
    /// When a deployment is ejected, for how long, and how a 429 pauses it.
    public struct Settings: Sendable, Hashable {
        /// Provider faults in a row that eject the deployment.
        public var consecutiveFailures: Int
        /// The first ejection's length; the n-th ejection in a row lasts n times as long.
        public var baseEjection: Duration
        /// The longest ejection.
        public var maximumEjection: Duration
        /// The share of a group's deployments that may be ejected at once (0...1).
        public var maximumEjectedShare: Double
        /// A failure rate (0...1) over `window` that ejects too, once `minimumRequests` were seen in it;
        /// `nil` to eject on consecutive faults only.
        public var failureRate: Double?
        /// The window the failure rate is measured over.
        public var window: Duration
        /// Attempts in a window before its failure rate counts.
        public var minimumRequests: Int
        /// How long a 429 without `Retry-After` pauses the deployment.
        public var rateLimitPause: Duration

        /// Creates settings.
        /// - Parameters:
        ///   - consecutiveFailures: Faults in a row that eject; 5 by default.
        ///   - baseEjection: The first ejection; 30 s by default.
        ///   - maximumEjection: The longest ejection; 5 minutes by default.
        ///   - maximumEjectedShare: The share of a group that may be out at once; half by default.
        ///   - failureRate: A failure rate that ejects; none by default.
        ///   - window: The window the rate is measured over; 30 s by default.
        ///   - minimumRequests: Attempts before the rate counts; 20 by default.
        ///   - rateLimitPause: A 429's pause without `Retry-After`; 1 s by default.
        public init(
            consecutiveFailures: Int = 5, baseEjection: Duration = .seconds(30),
            maximumEjection: Duration = .seconds(300), maximumEjectedShare: Double = 0.5, failureRate: Double? = nil,
            window: Duration = .seconds(30), minimumRequests: Int = 20, rateLimitPause: Duration = .seconds(1)
        ) {
            self.consecutiveFailures = max(1, consecutiveFailures)
            self.baseEjection = baseEjection
            self.maximumEjection = max(baseEjection, maximumEjection)
            self.maximumEjectedShare = min(1, max(0, maximumEjectedShare))
            self.failureRate = failureRate
            self.window = window
            self.minimumRequests = max(1, minimumRequests)
            self.rateLimitPause = rateLimitPause
        }
    }

    /// What an attempt told the breaker.
    public enum Event: Sendable, Hashable {
        /// A whole answer arrived.
        case succeeded
        /// A committed stream ended with its format's last event.
        case streamCompleted
        /// A provider fault (not the caller's mistake, not a cancellation, not a 429).
        case failed
        /// The provider said 429: slow down, for `retryAfter` if it said how long.
        case rateLimited(retryAfter: Duration?)
    }

    /// Where the breaker is.
    public enum Position: Sendable, Hashable {
        /// In use; counting faults.
        case closed
        /// Ejected until the instant; after it, half-open.
        case open(until: ClockInstant)
        /// The ejection is over; `probing` while one admitted attempt is deciding.
        case halfOpen(probing: Bool)
    }

    /// Where the breaker is (an `open` whose time has passed is half-open; see `isAvailable(at:)`).
    public private(set) var position: Position = .closed
    /// Faults in a row since the last success or ejection.
    public private(set) var consecutiveFailures = 0
    /// Ejections in a row: the next ejection lasts `ejections + 1` times the base. A deployment that
    /// stays closed for a base ejection's time earns one back.
    public private(set) var ejections = 0
    /// Until when a 429 paused the deployment.
    public private(set) var pausedUntil: ClockInstant?
    /// When the breaker last closed, or last earned back an ejection.
    private var calmSince: ClockInstant?
    /// The current failure-rate window: its start, its attempts, its failures.
    private var windowStart: ClockInstant?
    private var windowAttempts = 0
    private var windowFailures = 0

    /// A deployment with no history: closed.
    public init() {}

    /// Whether the deployment is ejected at an instant: open and its time not up, or half-open with
    /// its probe under way.
    /// - Parameter now: The instant.
    /// - Returns: `true` while routing should leave it out.
    public func isEjected(at now: ClockInstant) -> Bool {
        switch position {
        case .closed: return false
        case .open(let until): return now < until
        case .halfOpen(let probing): return probing
        }
    }

    /// Whether a 429 has paused the deployment at an instant.
    /// - Parameter now: The instant.
    /// - Returns: `true` while its `Retry-After` lasts.
    public func isPaused(at now: ClockInstant) -> Bool { pausedUntil.map { now < $0 } ?? false }

    /// Whether routing may plan the deployment now: neither ejected nor paused.
    /// - Parameter now: The instant.
    /// - Returns: `true` when it may be tried.
    public func isAvailable(at now: ClockInstant) -> Bool { !isEjected(at: now) && !isPaused(at: now) }

    /// When the running ejection ends, if one is running (the planner readmits the soonest first
    /// when too much of a group is out).
    public var ejectedUntil: ClockInstant? {
        if case .open(let until) = position { return until }
        return nil
    }

    /// An attempt is starting on the deployment. After an ejection the first one becomes the probe;
    /// the others see the breaker ejected until the probe decides.
    /// - Parameter now: The instant.
    /// - Returns: Whether this attempt is the probe (only the probe may `release` the breaker).
    @discardableResult
    public mutating func admit(at now: ClockInstant) -> Bool {
        switch position {
        case .open(let until) where now >= until:
            position = .halfOpen(probing: true)
            return true
        case .halfOpen(probing: false):
            position = .halfOpen(probing: true)
            return true
        default:
            return false
        }
    }

    /// The probe ended without telling anything about the deployment (the client went away, the
    /// caller's request was wrong): the next request may probe instead. Call it only for the attempt
    /// `admit` made the probe; another attempt ending says nothing about the probe.
    public mutating func release() {
        if case .halfOpen(probing: true) = position { position = .halfOpen(probing: false) }
    }

    /// Records what an attempt did.
    /// - Parameters:
    ///   - event: What happened.
    ///   - now: When (an ejection or a pause starts from here).
    ///   - settings: When to eject and for how long.
    public mutating func record(_ event: Event, at now: ClockInstant, settings: Settings) {
        // exercise 5.3 begin: a 429 pauses (Retry-After or rateLimitPause, never shortening a longer pause) and changes nothing else; success and completed streams close the breaker and reset the count (a closed breaker that stayed calm for baseEjection earns back one ejection); a failure while half-open (or open past its time) ejects again, while still open it is ignored; closed, the consecutiveFailures-th fault in a row or a failure rate over the window ejects for min(maximumEjection, baseEjection × (ejections + 1))
        switch event {
        case .rateLimited(let retryAfter):
            // A later 429 may lengthen the pause, never shorten it.
            let until = now + min(retryAfter ?? settings.rateLimitPause, settings.maximumEjection)
            pausedUntil = max(pausedUntil ?? until, until)
        case .succeeded, .streamCompleted:
            count(failure: false, at: now, settings: settings)
            consecutiveFailures = 0
            switch position {
            case .closed:
                if let since = calmSince, now - since >= settings.baseEjection, ejections > 0 {
                    ejections -= 1
                    calmSince = now
                }
            case .open(let until) where now < until && event == .streamCompleted:
                break  // a long stream that began before the ejection says nothing about the requests since
            default:
                position = .closed
                calmSince = now
            }
        case .failed:
            switch position {
            case .open(let until) where now < until:
                break  // already out: attempts that began before the ejection say nothing new
            case .open, .halfOpen:
                eject(at: now, settings: settings)  // the probe failed
            case .closed:
                let rateTooHigh = count(failure: true, at: now, settings: settings)
                consecutiveFailures += 1
                if consecutiveFailures >= settings.consecutiveFailures || rateTooHigh {
                    eject(at: now, settings: settings)
                }
            }
        }
        // stub: _ = (event, now, settings)
        // exercise 5.3 end
    }

    /// Counts an attempt in the failure-rate window (a new window starts when the last one is over).
    /// - Returns: Whether the window's failure rate now calls for an ejection.
    @discardableResult
    mutating func count(failure: Bool, at now: ClockInstant, settings: Settings) -> Bool {
        if let start = windowStart, now - start < settings.window {
            windowAttempts += 1
        } else {
            windowStart = now
            windowAttempts = 1
            windowFailures = 0
        }
        if failure { windowFailures += 1 }
        guard let rate = settings.failureRate, windowAttempts >= settings.minimumRequests else { return false }
        return Double(windowFailures) >= rate * Double(windowAttempts)
    }

    /// Ejects the deployment: each ejection in a row lasts one base longer, up to the maximum. The
    /// count and the window start again, so the deployment comes back with a clean slate.
    mutating func eject(at now: ClockInstant, settings: Settings) {
        // Growth stops at the maximum, and so does the count: a day of failed probes must not take
        // hours of calm to earn back.
        let cap = Int((settings.maximumEjection / settings.baseEjection).rounded(.up))
        ejections = min(ejections + 1, max(1, cap))
        let length = min(settings.maximumEjection, settings.baseEjection * ejections)
        position = .open(until: now + length)
        consecutiveFailures = 0
        windowStart = nil
        calmSince = nil
    }
}
