import SiraProviders
import SiraTesting
import Testing

@Suite("Chapter 02 build")
struct SelfCheckTests {
    @Test("2.0 SiraProviders was compiled from where SIRA_EXERCISES says")
    func compiledFromTheSelectedSource() {
        let mismatch = ExerciseSelfCheck.mismatch(chapter: "02", compiledFrom: SiraProvidersModule.compiledFrom)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
