// The chapter suites' self-check: the module under test was compiled from where the exercise switch says.

import Foundation

/// Checks that a module was compiled from where `SIRA_EXERCISES` says it should be.
///
/// Each chapter suite has a test calling this with its module's `compiledFrom`. With the switch set
/// for the chapter the module must come from `Exercises/`; unset, from `Sources/`. A build left over
/// from the other setting fails loudly instead of passing as someone else's code.
public enum ExerciseSelfCheck {
    /// Why the build does not match the switch, or `nil` when it does.
    /// - Parameters:
    ///   - chapter: The chapter number, two digits (`"00"`).
    ///   - compiledFrom: The module's `#filePath`, from its `…Module.compiledFrom`.
    ///   - environment: The process environment; the real one by default.
    /// - Returns: A message for the test failure, or `nil`.
    public static func mismatch(
        chapter: String,
        compiledFrom: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        let selection = (environment["SIRA_EXERCISES"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let wantsStarter = selection.contains("all") || selection.contains(chapter)
        // Exercises/, or a scratch tree of scripts/check-exercises (.build-exercises/<tree>/NN-slug/).
        let isStarter =
            compiledFrom.contains("/Exercises/\(chapter)-")
            || (compiledFrom.contains("/.build-exercises/") && compiledFrom.contains("/\(chapter)-"))
        switch (wantsStarter, isStarter) {
        case (true, false):
            return "SIRA_EXERCISES selects chapter \(chapter) but the module was compiled from \(compiledFrom): "
                + "rebuild with the variable set (scripts/exercise \(chapter) does this)"
        case (false, true):
            return "SIRA_EXERCISES does not select chapter \(chapter) but the module was compiled from the "
                + "starter at \(compiledFrom): rebuild without the variable"
        default:
            return nil
        }
    }
}
