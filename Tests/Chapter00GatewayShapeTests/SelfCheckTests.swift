import SiraCore
import SiraTesting
import Testing

@Suite("Chapter 00 build")
struct SelfCheckTests {
    @Test("0.0 SiraCore was compiled from where SIRA_EXERCISES says")
    func compiledFromTheSelectedSource() {
        let mismatch = ExerciseSelfCheck.mismatch(chapter: "00", compiledFrom: SiraCoreModule.compiledFrom)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
