// Generated from Sources/SiraCore/SiraCore.swift by scripts/make-starters. Nothing to write here.
// SiraCore is chapter 00's module: the vocabulary every other module speaks.
//
// Layout:
// - `JSON/`     a lossless JSON value that keeps member order, the rule that unknown fields are kept,
//               never dropped, and Sira's own JSON parser and writer (`SiraJSON`)
// - `Chat/`     the neutral chat model every provider adapter translates to and from
// - `Errors/`   one gateway error type that knows whose fault it was, its status and its body
// - `Pipeline/` requests, responses, the policy protocol and the pipeline that runs policies in order,
//               at three levels: request, call, attempt
// - `Call/`     what the call and attempt levels speak: `ChatCall`, `ProviderReply`, `Attempt`, and the
//               `CallReport` every level reads and adds to
// - `Time/`     clocks: the system clock in production, a manual clock in tests

/// Facts about how this module was compiled.
///
/// The exercise switch (`SIRA_EXERCISES`) compiles a module from a learner's starter instead of
/// `Sources/`. Each chapter's test suite checks `compiledFrom` against the switch, so a stale build
/// can never pass as the learner's work (or the reference's).
public enum SiraCoreModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
