import SiraTesting
import Testing

@Suite("The exercise self-check: the switch and the compiled module agree")
struct ExerciseSelfCheckTests {
    static let reference = "/repo/Sources/SiraCore/SiraCore.swift"
    static let starter = "/repo/Exercises/00-the-shape-of-a-gateway/SiraCore/SiraCore.swift"

    @Test("the reference without the switch, and a starter with it, are what was asked for")
    func agreeing() {
        #expect(ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: Self.reference, environment: [:]) == nil)
        let selected = ["SIRA_EXERCISES": "00"]
        #expect(ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: Self.starter, environment: selected) == nil)
        #expect(
            ExerciseSelfCheck.mismatch(
                chapter: "00", compiledFrom: Self.starter, environment: ["SIRA_EXERCISES": "all"]) == nil)
        for scratch in ["variants", "starters", "schemata"] {
            let path = "/repo/.build-exercises/\(scratch)/00-the-shape-of-a-gateway/SiraCore/SiraCore.swift"
            #expect(
                ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: path, environment: selected) == nil,
                "check-exercises builds from .build-exercises/\(scratch)")
        }
    }

    @Test("a stale build is caught both ways, with a message that says how to rebuild")
    func disagreeing() {
        let wanted = ExerciseSelfCheck.mismatch(
            chapter: "00", compiledFrom: Self.reference, environment: ["SIRA_EXERCISES": "00"])
        #expect(wanted?.contains("scripts/exercise 00") == true)
        let unwanted = ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: Self.starter, environment: [:])
        #expect(unwanted?.contains("rebuild without the variable") == true)
        #expect(
            ExerciseSelfCheck.mismatch(chapter: "01", compiledFrom: Self.starter, environment: ["SIRA_EXERCISES": "01"])
                != nil, "another chapter's starter is not this chapter's")
    }
}
