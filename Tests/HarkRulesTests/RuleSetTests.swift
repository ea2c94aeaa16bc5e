import Foundation
import HarkCore
import HarkDeliver
import HarkLearn
import HarkRules
import Testing

/// A configuration directory with rule files, removed afterwards.
struct RulesDirectory {
    let path: String

    init(_ files: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hark-rules-\(UUID().uuidString)").path
        for (name, text) in files {
            let file = (path as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("Rule files")
struct RuleSetTests {
    @Test("topics from several files are merged and compile into one classifier")
    func mergesFiles() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "topics:\n  - name: billing\n    query: 'refund* OR charged'\n",
            "rules/b.yaml": "topics:\n  - name: praise\n    query: 'love OR great'\n",
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.isEmpty)
        #expect(ruleSet.topics.map(\.name) == ["billing", "praise"])
        let classifier = try ruleSet.makeClassifier()
        let mention = Mention(id: "1", connector: "t", source: .json, text: "I love it but they charged me", publishedAt: Date())
        #expect(classifier.labels(for: mention).topics == ["billing", "praise"])
    }

    @Test("a topic defined twice is an error naming both places")
    func duplicateTopic() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "topics:\n  - name: billing\n    query: refund\n",
            "rules/b.yaml": "# another team's file\ntopics:\n  - name: billing\n    query: charged\n",
        ])
        defer { config.remove() }
        let (_, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.map(\.description) == ["rules/b.yaml:3:5: topic 'billing' is already defined at rules/a.yaml:2:5"])
    }

    @Test("a misspelled section gets a suggestion; an unrecognisable one lists the sections")
    func sections() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "topicz:\n  - name: x\n    query: y\nwidgets: {}\n"
        ])
        defer { config.remove() }
        let (_, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.map(\.description) == [
            "rules/a.yaml:1:1: unknown section 'topicz'; did you mean 'topics'?",
            "rules/a.yaml:4:1: unknown section 'widgets' (sections: topics, lexicons, abuse, demand, themes, spikes, "
                + "route, receivers, silences, inhibit, templates)",
        ])
    }

    @Test("a query error points into the rule file")
    func queryError() throws {
        let config = try RulesDirectory(["rules/a.yaml": "topics:\n  - name: x\n    query: (refund OR charged\n"])
        defer { config.remove() }
        let (_, errors) = RuleSet.load(configDirectory: config.path)
        let error = try #require(errors.first)
        #expect(error.position.file == "rules/a.yaml")
        #expect(error.position.line == 3)
        #expect(error.message.contains("')'"))
    }

    @Test("a domain lexicon overrides the shipped ones, and a missing one is an error at its path")
    func domainLexicon() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "lexicons:\n  sentiment: [lexicons/payments.tsv]\n",
            "rules/lexicons/payments.tsv": "declined\t-2.5\n",
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.isEmpty)
        let classifier = try ruleSet.makeClassifier()
        let mention = Mention(id: "1", connector: "t", source: .json, text: "My card was declined", publishedAt: Date())
        #expect(classifier.labels(for: mention).sentimentLabel == .negative)

        let broken = try RulesDirectory(["rules/a.yaml": "lexicons:\n  sentiment: [lexicons/nope.tsv]\n"])
        defer { broken.remove() }
        let (_, brokenErrors) = RuleSet.load(configDirectory: broken.path)
        #expect(brokenErrors.first?.description.hasPrefix("rules/a.yaml:2:15: lexicon file 'lexicons/nope.tsv' not found") == true)
    }

    @Test("a bad line in a domain lexicon is reported with its file, line and column")
    func badLexiconLine() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "lexicons:\n  sentiment: [lexicons/payments.tsv]\n",
            "rules/lexicons/payments.tsv": "declined\t-2.5\nlocked\tvery bad\n",
        ])
        defer { config.remove() }
        let (ruleSet, _) = RuleSet.load(configDirectory: config.path)
        do {
            _ = try ruleSet.makeClassifier()
            Issue.record("expected an error")
        } catch {
            #expect(error.position.file == "rules/lexicons/payments.tsv")
            #expect(error.position.line == 2)
            #expect(error.position.column == 8)
        }
    }

    @Test("lexicons are parsed side by side but merged in order: the first bad file is the one reported")
    func lexiconsMergeInOrder() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "lexicons:\n  sentiment: [lexicons/first.tsv, lexicons/second.tsv]\n",
            "rules/lexicons/first.tsv": "declined\t-2.5\nlocked\t-1\n",
            "rules/lexicons/second.tsv": "declined\t1.5\n",
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.isEmpty)
        let classifier = try ruleSet.makeClassifier()
        let mention = Mention(id: "1", connector: "t", source: .json, text: "declined", publishedAt: Date())
        #expect(classifier.labels(for: mention).sentimentLabel == .positive, "the later file wins")

        let broken = try RulesDirectory([
            "rules/a.yaml": "lexicons:\n  sentiment: [lexicons/first.tsv, lexicons/second.tsv]\n",
            // The larger file is parsed first, yet the smaller one is first in merge order.
            "rules/lexicons/first.tsv": "declined\tbad\n",
            "rules/lexicons/second.tsv": String(repeating: "fine\t1\n", count: 5_000) + "locked\tworse\n",
        ])
        defer { broken.remove() }
        let (brokenRules, _) = RuleSet.load(configDirectory: broken.path)
        do {
            _ = try brokenRules.makeClassifier()
            Issue.record("expected an error")
        } catch {
            #expect(error.position == SourcePosition(file: "rules/lexicons/first.tsv", line: 1, column: 10))
        }
    }

    @Test("rule tests are read with their positions and report mismatches")
    func ruleTests() throws {
        let config = try RulesDirectory([
            "rules/tests/t.yaml": """
                tests:
                  - text: "they charged me twice"
                    expect: { topics: [billing], sentiment: negative, route: billing-team }
                  - text: "hello"
                    expect: { sentimnt: positive }
                """,
            "rules/a.yaml": "topics:\n  - name: billing\n    query: charged\n",
        ])
        defer { config.remove() }
        let (ruleSet, _) = RuleSet.load(configDirectory: config.path)
        let loaded = RuleTestCase.load(path: ruleSet.testFiles[0], displayName: "rules/tests/t.yaml")
        #expect(loaded.cases.count == 1)
        #expect(loaded.errors.map(\.description) == ["rules/tests/t.yaml:5:15: unknown key 'sentimnt' in expect; did you mean 'sentiment'?"])
        let testCase = try #require(loaded.cases.first)
        #expect(testCase.position.line == 2)
        #expect(testCase.route == ["billing-team"])
        let classifier = try ruleSet.makeClassifier()
        let wrong = Labels(topics: [], sentiment: 0.4, sentimentLabel: .positive)
        #expect(testCase.failures(with: wrong, receivers: ["frontline"]) == [
            "topics: expected [billing], got []", "sentiment: expected negative, got positive (score 0.400)",
            "route: expected [billing-team], got [frontline]",
        ])
        #expect(testCase.failures(with: classifier.labels(for: testCase.mention), receivers: ["billing-team"]).isEmpty)
        #expect(testCase.failures(with: classifier.labels(for: testCase.mention)) == [
            "route: expected [billing-team], but the rules have no route: section"
        ])
    }
}

@Suite("Abuse rules")
struct AbuseRuleTests {
    @Test("the abuse section sets threshold and allow-list; the shipped lists are found without a copy")
    func abuseSection() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "abuse:\n  threshold: 2.0\n  allow: [\"killer feature\"]\n"
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.isEmpty)
        let classifier = try ruleSet.makeClassifier()
        func abusive(_ text: String) -> Bool {
            classifier.labels(for: Mention(id: "1", connector: "t", source: .json, text: text, publishedAt: Date())).abusive
        }
        #expect(abusive("your support staff are idiots"))
        #expect(abusive("u r an id10t"))
        #expect(!abusive("this killer feature is fucking great"))
    }

    @Test("a second abuse section is an error naming the first")
    func duplicateSection() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "abuse:\n  threshold: 2.0\n",
            "rules/b.yaml": "abuse:\n  threshold: 3.0\n",
        ])
        defer { config.remove() }
        let (_, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.map(\.description) == ["rules/b.yaml:1:1: section 'abuse' is already defined at rules/a.yaml:1:1"])
    }
}

@Suite("Demand rules")
struct DemandRuleTests {
    func demand(_ classifier: Classifier, _ text: String, language: String? = nil) -> Bool {
        var mention = Mention(id: "1", connector: "t", source: .json, text: text, publishedAt: Date())
        mention.language = language
        return classifier.labels(for: mention).demand
    }

    @Test("without a demand section the shipped English and Chinese patterns label demands")
    func shippedPatterns() throws {
        let config = try RulesDirectory(["rules/a.yaml": "topics:\n  - name: x\n    query: refund\n"])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.isEmpty)
        let classifier = try ruleSet.makeClassifier()
        #expect(demand(classifier, "Love the app, but please add dark mode"))
        #expect(demand(classifier, "希望能增加IMAX场次", language: "zh"))
        #expect(!demand(classifier, "Is there a dark mode?"))
    }

    @Test("a team's own pattern file is added; demand detection can be turned off")
    func ownFileAndOff() throws {
        let own = "language: en\ntriggers:\n  - \"gimme {request}\"\n"
        let config = try RulesDirectory([
            "rules/a.yaml": "demand:\n  patterns: [demand/brand.yaml]\n",
            "rules/demand/brand.yaml": own,
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.isEmpty)
        let classifier = try ruleSet.makeClassifier()
        #expect(demand(classifier, "gimme a bigger popcorn bucket"))
        #expect(!demand(classifier, "please add dark mode"), "only the listed files are loaded")

        let off = try RulesDirectory(["rules/a.yaml": "demand:\n  enabled: false\n"])
        defer { off.remove() }
        let disabled = try RuleSet.load(configDirectory: off.path).ruleSet.makeClassifier()
        #expect(disabled.demand == nil)
        #expect(!demand(disabled, "please add dark mode"))
    }

    @Test("a missing pattern file and an unknown key are reported at their positions")
    func errors() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "demand:\n  patterns: [demand/nope.yaml]\n",
            "rules/b.yaml": "topics: []\ndemand:\n  enabeld: true\n",
        ])
        defer { config.remove() }
        let (_, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.map(\.description) == [
            "rules/a.yaml:2:14: demand pattern file 'demand/nope.yaml' not found (paths are relative to rules/)",
            "rules/b.yaml:2:1: section 'demand' is already defined at rules/a.yaml:1:1",
        ])
        let typo = try RulesDirectory(["rules/b.yaml": "topics: []\ndemand:\n  enabeld: true\n"])
        defer { typo.remove() }
        #expect(RuleSet.load(configDirectory: typo.path).errors.map(\.description) == [
            "rules/b.yaml:3:3: unknown key 'enabeld' in demand; did you mean 'enabled'?"
        ])
    }
}

@Suite("Spike rules")
struct SpikeRuleSetTests {
    @Test("spike rules from several files are merged; a name used twice names both places")
    func merged() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "topics:\n  - name: billing\n    query: refund\nspikes:\n  - name: surge\n    select: 'topic:billing'\n    window: 30m\n",
            "rules/b.yaml": "spikes:\n  - name: quiet\n    kind: silence\n    select: 'connector:*'\n    window: 6h\n  - name: surge\n    select: 'sentiment:negative'\n    window: 1h\n",
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(ruleSet.spikes.map(\.name) == ["surge", "quiet"])
        #expect(errors.map(\.description) == ["rules/b.yaml:6:5: spike rule 'surge' is already defined at rules/a.yaml:5:5"])
    }

    @Test("a spike selector naming an undefined topic is a lint warning with a suggestion")
    func unknownTopic() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "topics:\n  - name: billing\n    query: refund\nspikes:\n  - name: surge\n    select: 'topic:biling'\n    window: 30m\n"
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.isEmpty)
        #expect(ruleSet.warnings.map(\.description) == [
            "rules/a.yaml:6:14: spike rule 'surge' selects topic 'biling', which no topic rule defines; did you mean 'billing'?"
        ])
    }
}

@Suite("Receiver rules")
struct ReceiverRuleSetTests {
    @Test("receivers and templates from different files are combined and checked against each other")
    func combined() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "templates:\n  - name: short\n    subject: \"[hark] {{title}}\"\n",
            "rules/b.yaml": "receivers:\n  - name: console\n    stdout: {}\n    template: short\n  - name: audit\n    file: { path: audit.jsonl }\n    template: shrot\n",
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(ruleSet.delivery.receivers.map(\.name) == ["console"])
        #expect(errors.count == 1)
        #expect(errors.first?.position.file == "rules/b.yaml")
        #expect(errors.first?.message.contains("did you mean 'short'?") == true)
    }
}

@Suite("Route rules")
struct RouteRuleSetTests {
    @Test("a route naming an unknown receiver is an error at the name; silences and inhibit rules merge")
    func unknownReceiver() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": """
                route:
                  receiver: console
                  routes:
                    - match: { abusive: "true" }
                      receiver: leed
                receivers:
                  - name: console
                    stdout: {}
                  - name: lead
                    stdout: {}
                silences:
                  - match: { topic: billing }
                    ends_at: "2030-01-01T00:00:00Z"
                """,
            "rules/b.yaml": """
                inhibit:
                  - source_match: { kind: spike }
                    target_match: { kind: mention }
                    equal: [topic]
                silences:
                  - match: { connector: test }
                    ends_at: "2030-01-01T00:00:00Z"
                """,
        ])
        defer { config.remove() }
        let (ruleSet, errors) = RuleSet.load(configDirectory: config.path)
        #expect(errors.map(\.description) == ["rules/a.yaml:5:17: unknown receiver 'leed'; did you mean 'lead'?"])
        #expect(ruleSet.silences.count == 2)
        #expect(ruleSet.inhibitRules.count == 1)
        #expect(ruleSet.route != nil)
    }

    @Test("a second route section is an error naming the first")
    func secondRoute() throws {
        let config = try RulesDirectory([
            "rules/a.yaml": "route:\n  receiver: x\nreceivers:\n  - name: x\n    stdout: {}\n",
            "rules/b.yaml": "route:\n  receiver: x\n",
        ])
        defer { config.remove() }
        #expect(RuleSet.load(configDirectory: config.path).errors.map(\.description) == [
            "rules/b.yaml:1:1: section 'route' is already defined at rules/a.yaml:1:1"
        ])
    }
}
