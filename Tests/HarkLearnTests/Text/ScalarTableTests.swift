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

extension ScalarTableTests {
    @Test("The table built in parallel parts holds, for every BMP scalar, what entry(for:) says")
    func everyScalar() {
        let table = ScalarTable.shared
        var wrong: [UInt32] = []
        for value in UInt32(0)..<0x10000 {
            let expected = ScalarTable.entry(for: value)
            let info = table.info[Int(value)]
            if ScalarTable.plainRunRanges.contains(where: { $0.contains(value) }) { continue }
            guard let expected else {
                if info != 0 { wrong.append(value) }
                continue
            }
            var folded: [UInt32]?
            if info & ScalarTable.foldsFlag != 0 {
                let entry = table.fold[Int(value)]
                if entry & ScalarTable.multiTag == 0 {
                    folded = [entry]
                } else {
                    let offset = Int(entry & 0x7FFF_FFFF) >> 8
                    folded = Array(table.multi[offset..<offset + Int(entry & 0xFF)])
                }
            }
            if info != expected.info || folded != expected.folded { wrong.append(value) }
        }
        #expect(wrong.isEmpty, "first differing scalars: \(wrong.prefix(10).map { String($0, radix: 16) })")
        // Multi-scalar foldings come from both parts (ß and ﬁ, ㎏), so the offset shift is exercised.
        #expect(table.multi.count > 100)
    }
}
