public import HarkCore
public import HarkLearn
import Foundation
import HarkConfig
import Synchronization
public import HarkDeliver
public import HarkRespond

/// Every rule file of a configuration, merged: `rules/*.yaml` may each hold any of the top-level
/// sections, and a name defined twice is an error naming both places.
///
/// Loading collects every error instead of stopping at the first, so `hark check` reports them all
/// and a daemon can refuse a broken configuration with the complete list.
public struct RuleSet: Sendable {
    public var topics: [TopicRule] = []
    /// Sentiment lexicon files in merge order (later ones override earlier ones).
    public var sentimentLexicons: [String] = []
    /// The `abuse:` section (or the defaults), and the rules directory its relative paths start from.
    public var abuse = AbuseSettings()
    public var abuseBaseDirectory: String?
    /// The `demand:` section (or the defaults: the shipped English and Chinese pattern files).
    public var demand = DemandSettings(patternFiles: [])
    /// Receivers and message templates (`receivers:`, `templates:`), checked against each other.
    public var delivery = DeliveryConfiguration()
    /// Theme clustering settings and pinned themes (`themes:`, one per configuration).
    public var themes = ThemeSettings()
    /// The routing tree (`route:`, one per configuration); nil when alerts go nowhere.
    public var route: RouteTree?
    /// Silences written in rule files (`silences:`), merged.
    public var silences: [Silence] = []
    /// Inhibit rules (`inhibit:`), merged: a spike can mute the mentions it is made of.
    public var inhibitRules: [InhibitRule] = []
    /// Spike and silence detectors (`spikes:`), in file order.
    public var spikes: [SpikeRule] = []
    /// Resolved paths of the demand pattern files, in load order.
    public var demandPatternFiles: [String] = []
    /// Lint findings: suspicious but valid rules.
    public var warnings: [ConfigError] = []
    /// The rule files read, for messages and reloads.
    public var files: [String] = []
    /// Where rule tests live (`rules/tests/*.yaml`).
    public var testFiles: [String] = []
    public var configDirectory: String = "."

    /// The sections a rules file may hold.
    static let sections = [
        "topics", "lexicons", "abuse", "demand", "themes", "spikes", "route", "receivers", "silences", "inhibit",
        "templates",
    ]

    public init() {}

    /// The rule files of a configuration directory: `rules/*.yaml` and `*.yml`, by name.
    public static func files(in configDirectory: String, folder: String = "rules") -> [String] {
        let directory = (configDirectory as NSString).appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Reads and checks every rule file. Returns what loaded and every error found.
    public static func load(configDirectory: String) -> (ruleSet: RuleSet, errors: [ConfigError]) {
        var ruleSet = RuleSet()
        ruleSet.configDirectory = configDirectory
        var errors: [ConfigError] = []
        var topicPositions: [String: SourcePosition] = [:]
        var extraLexicons: [String] = []
        var useStandardLexicons = true
        // Sections that configure one thing (not lists that merge): where each was first defined.
        var singleSections: [String: SourcePosition] = [:]
        func claimSingle(_ entry: ConfigNode.Entry) -> Bool {
            if let earlier = singleSections[entry.key] {
                errors.append(ConfigError("section '\(entry.key)' is already defined at \(earlier)", at: entry.keyPosition))
                return false
            }
            singleSections[entry.key] = entry.keyPosition
            return true
        }
        var demandSettings: DemandSettings?
        var spikePositions: [String: SourcePosition] = [:]
        var receivers: [ReceiverConfig] = []
        var templates: [MessageTemplates] = []
        let rulesDirectory = (configDirectory as NSString).appendingPathComponent("rules")

        for path in files(in: configDirectory) {
            ruleSet.files.append(path)
            let display = displayPath(path, root: configDirectory)
            let root: ConfigNode
            do throws(ConfigError) {
                root = try YAMLLoader.load(path: path, displayName: display)
            } catch {
                errors.append(error)
                continue
            }
            let entries: [ConfigNode.Entry]
            do throws(ConfigError) {
                entries = try root.entries("rule file")
            } catch {
                errors.append(error)
                continue
            }
            for entry in entries {
                switch entry.key {
                case "topics":
                    let (rules, topicErrors) = TopicRule.parseList(entry.value)
                    errors += topicErrors
                    for rule in rules {
                        if let earlier = topicPositions[rule.name] {
                            errors.append(
                                ConfigError("topic '\(rule.name)' is already defined at \(earlier)", at: rule.position))
                            continue
                        }
                        topicPositions[rule.name] = rule.position
                        ruleSet.topics.append(rule)
                        ruleSet.warnings += QueryLinter.lint(rule).map { ConfigError($0.message, at: $0.position) }
                    }
                case "lexicons":
                    do throws(ConfigError) {
                        var section = try entry.value.mapping("lexicons")
                        if let standard = section.optional("standard") { useStandardLexicons = try standard.bool("standard") }
                        for node in try section.optional("sentiment")?.list("sentiment") ?? [] {
                            let file = try node.string("lexicon path")
                            let resolved = file.hasPrefix("/") ? file : (rulesDirectory as NSString).appendingPathComponent(file)
                            guard FileManager.default.fileExists(atPath: resolved) else {
                                throw ConfigError("lexicon file '\(file)' not found (paths are relative to rules/)", at: node.position)
                            }
                            extraLexicons.append(resolved)
                        }
                        try section.rejectUnknownKeys()
                    } catch {
                        errors.append(error)
                    }
                case "abuse":
                    guard claimSingle(entry) else { continue }
                    do throws(ConfigError) {
                        ruleSet.abuse = try AbuseSettings.parse(entry.value)
                        ruleSet.abuseBaseDirectory = rulesDirectory
                    } catch {
                        errors.append(error)
                    }
                case "demand":
                    guard claimSingle(entry) else { continue }
                    do throws(ConfigError) {
                        let settings = try DemandSettings.parse(entry.value)
                        for file in settings.patternFiles {
                            let resolved = file.path.hasPrefix("/")
                                ? file.path : (rulesDirectory as NSString).appendingPathComponent(file.path)
                            // The shipped files may live outside this configuration (HARK_SHARE_DIR).
                            let shipped = DemandSettings.standardFiles.contains(file.path)
                            if !shipped, !FileManager.default.fileExists(atPath: resolved) {
                                throw ConfigError(
                                    "demand pattern file '\(file.path)' not found (paths are relative to rules/)",
                                    at: file.position)
                            }
                        }
                        demandSettings = settings
                    } catch {
                        errors.append(error)
                    }
                case "spikes":
                    let (rules, spikeErrors) = SpikeRule.parseList(entry.value)
                    errors += spikeErrors
                    for rule in rules {
                        if let earlier = spikePositions[rule.name] {
                            errors.append(
                                ConfigError("spike rule '\(rule.name)' is already defined at \(earlier)", at: rule.position))
                            continue
                        }
                        spikePositions[rule.name] = rule.position
                        ruleSet.spikes.append(rule)
                    }
                case "themes":
                    guard claimSingle(entry) else { continue }
                    do throws(ConfigError) {
                        ruleSet.themes = try ThemeSettings.parse(entry.value)
                    } catch {
                        errors.append(error)
                    }
                case "route":
                    guard claimSingle(entry) else { continue }
                    let (tree, routeErrors) = RouteTree.parseAll(entry.value)
                    ruleSet.route = tree
                    errors += routeErrors
                case "silences":
                    let (list, silenceErrors) = Silence.parseAll(entry.value)
                    ruleSet.silences += list
                    errors += silenceErrors
                case "inhibit":
                    let (list, inhibitErrors) = InhibitRule.parseAll(entry.value)
                    ruleSet.inhibitRules += list
                    errors += inhibitErrors
                case "receivers":
                    let (list, receiverErrors) = ReceiverConfig.parseList(entry.value)
                    receivers += list
                    errors += receiverErrors
                case "templates":
                    let (list, templateErrors) = MessageTemplates.parseList(entry.value, rulesDirectory: rulesDirectory)
                    templates += list
                    errors += templateErrors
                default:
                    var message = "unknown section '\(entry.key)'"
                    if let suggestion = Spelling.closest(to: entry.key, among: sections) {
                        message += "; did you mean '\(suggestion)'?"
                    } else {
                        message += " (sections: \(sections.joined(separator: ", ")))"
                    }
                    errors.append(ConfigError(message, at: entry.keyPosition))
                }
            }
        }

        if useStandardLexicons {
            if let directory = ShippedData.directory(
                "lexicons", configDirectory: configDirectory, marker: SentimentLexicon.standardFiles[0])
            {
                ruleSet.sentimentLexicons = SentimentLexicon.standardFiles.map {
                    (directory as NSString).appendingPathComponent($0)
                }
            } else {
                errors.append(
                    ConfigError(
                        "hark's sentiment lexicons were not found: copy hark's rules/lexicons into this configuration, "
                            + "or set HARK_SHARE_DIR", at: SourcePosition(file: "rules/lexicons", line: 1, column: 1)))
            }
        }
        ruleSet.sentimentLexicons += extraLexicons
        if ruleSet.abuseBaseDirectory == nil || ruleSet.abuse.lexiconPaths == AbuseSettings.defaultLexiconPaths {
            // The shipped abuse lists: the configuration's own copy when it has one.
            if let directory = ShippedData.directory(
                "abuse", configDirectory: configDirectory, marker: AbuseLexicon.standardFiles[0])
            {
                ruleSet.abuseBaseDirectory = (directory as NSString).deletingLastPathComponent
            } else {
                errors.append(
                    ConfigError(
                        "hark's abuse lexicons were not found: copy hark's rules/abuse into this configuration, "
                            + "or set HARK_SHARE_DIR", at: SourcePosition(file: "rules/abuse", line: 1, column: 1)))
            }
        }
        ruleSet.demand = demandSettings ?? DemandSettings(
            patternFiles: DemandSettings.standardFiles.map {
                DemandSettings.PatternFile(path: $0, position: SourcePosition(file: "rules", line: 1, column: 1))
            })
        if ruleSet.demand.enabled {
            for file in ruleSet.demand.patternFiles {
                if file.path.hasPrefix("/") {
                    ruleSet.demandPatternFiles.append(file.path)
                    continue
                }
                let local = (rulesDirectory as NSString).appendingPathComponent(file.path)
                if FileManager.default.fileExists(atPath: local) {
                    ruleSet.demandPatternFiles.append(local)
                } else if DemandSettings.standardFiles.contains(file.path),
                    let directory = ShippedData.directory(
                        "demand", configDirectory: configDirectory, marker: (file.path as NSString).lastPathComponent)
                {
                    ruleSet.demandPatternFiles.append(
                        (directory as NSString).appendingPathComponent((file.path as NSString).lastPathComponent))
                } else {
                    errors.append(
                        ConfigError(
                            "hark's demand patterns '\(file.path)' were not found: copy hark's rules/demand into this "
                                + "configuration, or set HARK_SHARE_DIR", at: file.position))
                }
            }
        }
        let (delivery, deliveryErrors) = DeliveryConfiguration.combine(receivers: receivers, templates: templates)
        ruleSet.delivery = delivery
        errors += deliveryErrors
        if let tree = ruleSet.route {
            // Receivers dropped for their own errors still count as known, so one mistake is reported once.
            errors += tree.unknownReceivers(known: Set(receivers.map(\.name)))
        }
        ruleSet.warnings += ruleSet.lintSpikeSelectors()
        ruleSet.testFiles = files(in: configDirectory, folder: "rules/tests")
        return (ruleSet, errors)
    }

    /// Compiles the classifier: the topic matcher and the merged sentiment lexicons.
    public func makeClassifier() throws(ConfigError) -> Classifier {
        // Start-up is mostly reading rule data, and the files are independent of each other: each
        // sentiment lexicon is parsed on its own, alongside abuse, demand and topics, on every
        // core. The lexicons are then merged in their order, so the outcome is the same as
        // reading them in turn. The jobs go largest first (the Chinese lexicon is five times the
        // English one), so no core is left with a large file at the end.
        let lexicons = sentimentLexicons
        let parsed = Mutex<[Result<SentimentLexicon, ConfigError>?]>(Array(repeating: nil, count: lexicons.count))
        let others = Mutex<Result<(AbuseDetector?, DemandDetector?, TopicMatcher), ConfigError>?>(nil)
        // Job i parses lexicon i; job -1 makes abuse, demand and topics, about as much work as a
        // 200 KB lexicon.
        let sizes = lexicons.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        func work(_ job: Int) -> Int { job < 0 ? 200_000 : sizes[job] }
        let jobs = ([-1] + Array(lexicons.indices)).sorted { work($0) > work($1) }
        DispatchQueue.concurrentPerform(iterations: jobs.count) { slot in
            let job = jobs[slot]
            if job >= 0 {
                let result = Result { () throws(ConfigError) in try SentimentLexicon(contentsOfFile: lexicons[job]) }
                parsed.withLock { $0[job] = result }
            } else {
                let result = Result { () throws(ConfigError) in
                    (try makeAbuseDetector(), try makeDemandDetector(), TopicMatcher(rules: topics))
                }
                others.withLock { $0 = result }
            }
        }
        // Every job has finished; the first lexicon's error (in merge order) comes first, as when
        // they loaded in turn.
        var results: [Result<SentimentLexicon, ConfigError>?] = []
        parsed.withLock { swap(&$0, &results) }
        var lexicon = SentimentLexicon()
        for index in results.indices {
            // Taken out of the array, so each parsed table is merged without a copy.
            let result = results[index]!
            results[index] = nil
            switch consume result {
            case .success(let parsed): lexicon.merge(parsed)
            case .failure(let error): throw located(error)
            }
        }
        let analyzer = SentimentAnalyzer(lexicon: lexicon)
        let (abuseDetector, demandDetector, topicMatcher) = try others.withLock { $0! }.get()
        return Classifier(topics: topicMatcher, sentiment: analyzer, abuse: abuseDetector, demand: demandDetector)
    }

    private func makeAbuseDetector() throws(ConfigError) -> AbuseDetector? {
        guard let abuseBaseDirectory else { return nil }
        do {
            return AbuseDetector(lexicon: try abuse.loadLexicon(rulesDirectory: abuseBaseDirectory), settings: abuse)
        } catch {
            throw located(error)
        }
    }

    private func makeDemandDetector() throws(ConfigError) -> DemandDetector? {
        guard demand.enabled, !demandPatternFiles.isEmpty else { return nil }
        do {
            return DemandDetector(patterns: try DemandPatterns.load(paths: demandPatternFiles))
        } catch {
            throw located(error)
        }
    }

    /// `error` with its file shown relative to the configuration.
    private func located(_ error: ConfigError) -> ConfigError {
        var located = error
        located.position.file = Self.displayPath(located.position.file, root: configDirectory)
        return located
    }

    /// Spike selectors that name a topic no rule defines can never count anything: almost always a
    /// typo or a renamed topic, so `hark check` says so.
    func lintSpikeSelectors() -> [ConfigError] {
        let names = topics.map(\.name)
        var findings: [ConfigError] = []
        for rule in spikes {
            for term in rule.selector.terms where term.label == .topic && !term.pattern.isWildcard {
                let value = term.pattern.text
                guard !names.contains(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) else { continue }
                var message = "spike rule '\(rule.name)' selects topic '\(value)', which no topic rule defines"
                if let suggestion = Spelling.closest(to: value, among: names) { message += "; did you mean '\(suggestion)'?" }
                findings.append(ConfigError(message, at: term.position))
            }
        }
        return findings
    }

    /// `rules/x.yaml` rather than an absolute path, when the file is under the configuration.
    public static func displayPath(_ path: String, root: String) -> String {
        ConfigPath.display(path, root: root)
    }
}
