import SiraRouting
import SiraTesting
import Testing

@Suite("Chapter 03 build")
struct SelfCheckTests {
    @Test("3.0 SiraRouting was compiled from where SIRA_EXERCISES says")
    func compiledFromTheSelectedSource() {
        let mismatch = ExerciseSelfCheck.mismatch(chapter: "03", compiledFrom: SiraRoutingModule.compiledFrom)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
