import SiraResilience
import SiraTesting
import Testing

@Suite("Chapter 05 build")
struct SelfCheckTests {
    @Test("5.0 SiraResilience was compiled from where SIRA_EXERCISES says")
    func compiledFromTheSelectedSource() {
        let mismatch = ExerciseSelfCheck.mismatch(chapter: "05", compiledFrom: SiraResilienceModule.compiledFrom)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
