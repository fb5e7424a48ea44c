import SiraCache
import SiraTesting
import Testing

@Suite("Chapter 04 build")
struct SelfCheckTests {
    @Test("4.0 SiraCache was compiled from where SIRA_EXERCISES says")
    func compiledFromTheSelectedSource() {
        let mismatch = ExerciseSelfCheck.mismatch(chapter: "04", compiledFrom: SiraCacheModule.compiledFrom)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
