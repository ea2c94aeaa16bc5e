import Foundation
import Testing

@testable import HarkLearn

@Suite("ScalarTable: the per-scalar facts folding reads")
struct ScalarTableTests {
    /// Where the compiled tables' source lives, from this file's place in the repository.
    static let sourcePath = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Sources/CFoldTables/fold_tables.c").path

    @Test("The compiled tables hold, for every BMP scalar, what the Unicode data says")
    func compiledTablesAreCurrent() throws {
        let expected = ScalarTable.computed()
        if ProcessInfo.processInfo.environment["HARK_WRITE_FOLD_TABLES"] == "1" {
            try FoldTableSource.render(expected).write(toFile: Self.sourcePath, atomically: true, encoding: .utf8)
        }
        let table = ScalarTable.shared
        let wrong = (0..<0x10000).filter { table.info[$0] != expected.info[$0] || table.fold[$0] != expected.fold[$0] }
        let hint = "the Unicode data differs from the compiled tables: HARK_WRITE_FOLD_TABLES=1 swift test --filter ScalarTableTests rewrites them (then rebuild)"
        #expect(
            wrong.isEmpty, "\(hint); first differing scalars: \(wrong.prefix(10).map { String($0, radix: 16) })")
        #expect(Array(table.multi) == expected.multi, "\(hint)")
        // Multi-scalar foldings (ß, ﬁ, ㎏) are there and referenced.
        #expect(table.multi.count > 100)
    }

    @Test("Entries agree with the facts they encode for a few well-known scalars")
    func wellKnownScalars() {
        let table = ScalarTable.shared
        func role(_ value: UInt32) -> ScalarTable.Role? {
            ScalarTable.Role(rawValue: table.info[Int(value)] & ScalarTable.roleMask)
        }
        #expect(role(0x61) == .word)  // a
        #expect(role(0x20) == .separator)
        #expect(role(0x4E2D) == .run)  // 中
        #expect(role(0xAC00) == .run)  // 가
        #expect(role(0x200B) == .ignored)  // zero-width space
        #expect(role(0x301) == .ignored)  // combining acute
        #expect(role(0x27) == .apostrophe)
        #expect(table.info[0xC9] & ScalarTable.foldsFlag != 0)  // É
        #expect(table.fold[0xC9] == 0x65)
        #expect(table.info[0x41] & ScalarTable.uppercaseFlag != 0)
        let sharpS = table.fold[0xDF]
        #expect(sharpS & ScalarTable.multiTag != 0)
        let offset = Int(sharpS & 0x7FFF_FFFF) >> 8
        #expect(Array(table.multi[offset..<offset + Int(sharpS & 0xFF)]) == [0x73, 0x73])
    }
}

/// The C source of the compiled tables: zero entries left out, runs of one value given as GNU range
/// designators, so the file stays small and compiles in a moment.
enum FoldTableSource {
    static func render(_ tables: (info: [UInt8], fold: [UInt32], multi: [UInt32])) -> String {
        var out = """
            // Generated from the Unicode data of the Swift toolchain by ScalarTable.computed(); do not edit.
            // To regenerate: HARK_WRITE_FOLD_TABLES=1 swift test --filter ScalarTableTests, then rebuild.
            // ScalarTableTests checks on every test run that these tables match the toolchain's data.
            #include "fold_tables.h"


            """
        out += "static const uint8_t info[65536] = {\n"
        out += wrapped(runs(tables.info.map(UInt32.init)))
        out += "};\n\nstatic const uint32_t scalars[65536] = {\n"
        out += wrapped(runs(tables.fold))
        out += "};\n\nstatic const uint32_t multi[\(tables.multi.count)] = {\n"
        out += wrapped(tables.multi.map { hex($0) })
        out += """
            };

            const uint8_t *hark_fold_info(void) { return info; }
            const uint32_t *hark_fold_scalars(void) { return scalars; }
            const uint32_t *hark_fold_multi(void) { return multi; }
            size_t hark_fold_multi_count(void) { return sizeof(multi) / sizeof(multi[0]); }

            """
        return out
    }

    /// Designated initializers for the non-zero entries, a run of equal values as one range.
    static func runs(_ values: [UInt32]) -> [String] {
        var items: [String] = []
        var index = 0
        while index < values.count {
            let value = values[index]
            var end = index
            while end + 1 < values.count, values[end + 1] == value { end += 1 }
            if value != 0 {
                items.append(
                    end == index
                        ? "[\(hex(UInt32(index)))] = \(hex(value))"
                        : "[\(hex(UInt32(index))) ... \(hex(UInt32(end)))] = \(hex(value))")
            }
            index = end + 1
        }
        return items
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }

    /// Items separated by commas, lines of at most about 100 characters.
    static func wrapped(_ items: [String]) -> String {
        var out = ""
        var line = "   "
        for item in items {
            if line.count + item.count + 2 > 100 {
                out += line + "\n"
                line = "   "
            }
            line += " " + item + ","
        }
        if line != "   " { out += line + "\n" }
        return out
    }
}
