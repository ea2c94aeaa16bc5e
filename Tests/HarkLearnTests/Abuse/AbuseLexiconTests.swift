import HarkCore
import HarkLearn
import Testing

@Suite("Abuse lexicon files: format, merging and errors with FILE:LINE:COL")
struct AbuseLexiconTests {
    func error(_ text: String) -> String? {
        do {
            _ = try AbuseLexicon(parsing: text, file: "brand.tsv")
            return nil
        } catch {
            return error.description
        }
    }

    func error(bytes: [UInt8]) -> String? {
        do {
            _ = try AbuseLexicon(parsing: bytes, file: "brand.tsv")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsTermsCategoriesCommentsAndNotes() throws {
        let text = """
            \u{FEFF}# brand words
            Idiot*\tinsult\t2

            watch  your back\tthreat\t3\tphrase, counts alone\r
            ＳＢ\tinsult\t2
            腦殘\tinsult\t2
            killer feature\tallow
            barista\tstaff\t0
            crew\tgroup
            kiosk\tplace

            """
        let lexicon = try AbuseLexicon(parsing: text, file: "brand.tsv")
        #expect(lexicon.count == 8)
        #expect(lexicon["idiot*"] == .abuse(.insult, weight: 2))
        #expect(lexicon["Watch Your Back"] == .abuse(.threat, weight: 3))
        #expect(lexicon["sb"] == .abuse(.insult, weight: 2))
        #expect(lexicon["腦殘"] == .abuse(.insult, weight: 2))
        #expect(lexicon["killer feature"] == .allow)
        #expect(lexicon["barista"] == .staff)
        #expect(lexicon["crew"] == .group)
        #expect(lexicon["kiosk"] == .place)
    }

    @Test func reportsTheBadFieldPosition() {
        #expect(
            error("idiot\tinsult\t2\nmoron insult 2\n")
                == "brand.tsv:2:15: expected term<TAB>category<TAB>weight, found no tab after 'moron insult 2'")
        #expect(
            error("idiot\tinsutl\t2\n")
                == "brand.tsv:1:7: unknown category 'insutl' for 'idiot'; did you mean 'insult'? "
                + "(one of insult, threat, harassment, slur, profanity, allow, staff, group, place)")
        #expect(error("idiot\t\t2\n")?.hasPrefix("brand.tsv:1:7: expected a category after the tab") == true)
        #expect(
            error("idiot\tinsult\n")
                == "brand.tsv:1:13: expected a weight for 'idiot' (0 to 3) after the category, found nothing")
        #expect(
            error("idiot\tinsult\t  two\n")
                == "brand.tsv:1:16: expected a number for the weight of 'idiot' (0 to 3), found 'two'")
        #expect(error("idiot\tinsult\t4\n") == "brand.tsv:1:14: weight of 'idiot' must be between 0 and 3, found 4")
        #expect(
            error("废物\tinsult\tnan\n")
                == "brand.tsv:1:11: expected a number for the weight of '废物' (0 to 3), found 'nan'")
        #expect(error("\tinsult\t2\n") == "brand.tsv:1:1: expected a term before the tab")
        #expect(
            error("  !!!\tinsult\t2\n")
                == "brand.tsv:1:3: term '!!!' has no letters, digits or Chinese characters to match")
        #expect(
            error("# c\nid*ot\tinsult\t2\n")
                == "brand.tsv:2:3: '*' must end a word of at least three letters (idiot*), found 'id*ot'")
        #expect(
            error("ab*\tinsult\t2\n")
                == "brand.tsv:1:3: '*' must end a word of at least three letters (idiot*), found 'ab*'")
        #expect(
            error("idi?t\tinsult\t2\n")
                == "brand.tsv:1:4: '?' is not a wildcard in abuse lexicons; end a word with * to match any ending")
        #expect(
            error("idiot\tinsult\t2\nIDIOT\tinsult\t1\n") == "brand.tsv:2:1: duplicate term 'idiot' (already on line 1)"
        )
    }

    @Test func emptyAndBinaryFilesAreErrorsWithPositions() {
        #expect(error("") == "brand.tsv:1:1: empty abuse lexicon: expected lines of term<TAB>category<TAB>weight")
        #expect(
            error("# only a comment\n\n")
                == "brand.tsv:1:1: empty abuse lexicon: expected lines of term<TAB>category<TAB>weight")
        #expect(
            error(bytes: [0x67, 0x0A, 0x6F, 0x00, 0x09]) == "brand.tsv:2:2: binary file, not an abuse lexicon: NUL byte"
        )
        #expect(
            error(bytes: [0x89, 0x50, 0x4E, 0x47]) == "brand.tsv:1:1: binary file, not an abuse lexicon: invalid UTF-8")
        #expect(error(bytes: Array("idiot\tinsult\t2\n".utf8)) == nil)
    }

    @Test func missingFileIsAnErrorAtItsStart() {
        #expect(throws: ConfigError.self) { try AbuseLexicon(contentsOfFile: "/nonexistent/abuse.tsv") }
        do {
            _ = try AbuseLexicon.load(paths: ["/nonexistent/abuse.tsv"])
        } catch {
            #expect(error.position == SourcePosition(file: "/nonexistent/abuse.tsv", line: 1, column: 1))
        }
    }

    @Test func laterFilesOverrideEarlierOnes() throws {
        let shipped = try AbuseLexicon(parsing: "trash\tinsult\t1\nclown\tinsult\t1\n", file: "en.tsv")
        let brand = try AbuseLexicon(parsing: "trash\tallow\nclown\tinsult\t2\n", file: "brand.tsv")
        let merged = shipped.merging(brand)
        #expect(merged["trash"] == .allow)
        #expect(merged["clown"] == .abuse(.insult, weight: 2))
    }

    @Test func shippedLexiconsLoadAndCoverBothScripts() throws {
        let lexicon = AbuseFixture.lexicon
        #expect(lexicon.count > 300)
        for term in ["idiot*", "傻逼", "傻b", "sb", "白痴", "脑残", "腦殘", "废物", "廢物", "去死", "滚", "滾", "垃圾", "你妈", "你媽"] {
            #expect(lexicon[term] != nil, "missing \(term)")
        }
        #expect(lexicon["客服"] == .staff)
        #expect(lexicon["滚动"] == .allow)
        #expect(lexicon["killer feature*"] == .allow)
    }
}
