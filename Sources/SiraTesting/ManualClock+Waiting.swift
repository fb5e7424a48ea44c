// Tests that race tasks on a manual clock must move it only once the tasks are asleep on it: moving it
// earlier wakes nobody, and the test waits for a step that already happened.

import SiraCore

extension ManualClock {
    /// Waits until `count` tasks sleep on the clock (checking every millisecond, for at most `limit` of
    /// real time), then moves it on by `duration`.
    /// - Parameters:
    ///   - duration: How far to move the clock.
    ///   - count: How many sleepers to wait for.
    ///   - limit: The longest real wait; after it the clock moves anyway (and the test's expectations fail).
    ///   - done: Whether there is nothing left to wait for (the task under test has ended): the clock
    ///     moves at once, so a test of unfinished code fails fast instead of waiting out `limit`.
    public func advance(
        by duration: Duration, whenSleeping count: Int, waitingAtMost limit: Duration = .seconds(5),
        unless done: () -> Bool = { false }
    ) async {
        let end = ContinuousClock.now + limit
        while sleeperCount < count && !done() && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(1))
        }
        advance(by: duration)
    }
}
