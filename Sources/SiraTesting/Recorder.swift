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
}
