import SiraHTTPParser
import SiraTesting
import Testing

@Suite("Chapter 01 build")
struct SelfCheckTests {
    @Test("1.0 SiraHTTPParser was compiled from where SIRA_EXERCISES says")
    func compiledFromTheSelectedSource() {
        let mismatch = ExerciseSelfCheck.mismatch(chapter: "01", compiledFrom: SiraHTTPParserModule.compiledFrom)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
