import Synchronization

/// A thread-safe list that tests append to from concurrent code (policies, fake providers).
///
/// A class around a `Mutex`, because a `Mutex` itself cannot be captured by escaping closures.
public final class Recorder<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    /// Creates an empty recorder.
    public init() {}

    /// Appends an element.
    /// - Parameter element: The element.
    public func record(_ element: Element) { storage.withLock { $0.append(element) } }

    /// Everything recorded so far, in order.
    public var values: [Element] { storage.withLock { $0 } }

    /// Waits until something was recorded; throws after `timeout` instead of hanging the test run.
    /// - Parameter timeout: How long to wait.
    /// - Throws: When nothing was recorded in time.
    public func waitUntilRecorded(timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        while values.isEmpty {
            guard ContinuousClock.now < deadline else { throw RecorderTimeout() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Nothing was recorded in time (`Recorder.waitUntilRecorded`).
public struct RecorderTimeout: Error, Sendable {}
