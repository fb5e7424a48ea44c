import SiraTesting
import Testing

@Suite("ExerciseSelfCheck")
struct ExerciseSelfCheckTests {
    let reference = "/repo/Sources/SiraCore/SiraCore.swift"
    let starter = "/repo/Exercises/00-the-shape-of-a-gateway/SiraCore/SiraCore.swift"

    @Test("no variable and the reference build agree")
    func referenceAgrees() {
        #expect(ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: reference, environment: [:]) == nil)
    }

    @Test("the variable naming the chapter, or all, wants the starter")
    func starterWanted() {
        for value in ["00", "all", "03,00"] {
            let environment = ["SIRA_EXERCISES": value]
            #expect(ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: starter, environment: environment) == nil)
            #expect(ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: reference, environment: environment) != nil)
        }
    }

    @Test("a starter build without the variable is reported as stale")
    func staleStarter() {
        let message = ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: starter, environment: [:])
        #expect(message?.contains("rebuild without the variable") == true)
    }

    @Test("another chapter's selection does not select this one")
    func otherChapter() {
        let environment = ["SIRA_EXERCISES": "06"]
        #expect(ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: reference, environment: environment) == nil)
    }
}
