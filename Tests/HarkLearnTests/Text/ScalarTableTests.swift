@testable import HarkLearn
import Testing

@Suite("ScalarTable: the per-scalar facts folding reads")
struct ScalarTableTests {
    @Test("Ranges filled in without a property lookup hold what the lookup would say")
    func plainRunRanges() {
        let run = ScalarTable.Role.run.rawValue
        let wrong = ScalarTable.plainRunRanges.joined().filter { value in
            guard let entry = ScalarTable.entry(for: value) else { return true }
            return entry.info != run || entry.folded != nil
        }
        #expect(wrong.isEmpty)
    }
}
