import ArgumentParser
import Foundation
import HarkCore
import HarkDeliver
import HarkLearn
import HarkPipeline
import HarkRespond
import HarkRules
import HarkState

/// `hark replay FILE`: the learn and respond pipeline offline over recorded mentions (a backtest).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the learn and respond pipeline offline over a JSON-lines file of mentions; sends nothing.",
        discussion: """
            Each input line is a mention in the shape `poll --once` prints (id and text required). Prints \
            one JSON line per mention with its labels (topics, sentiment, abusive, demand, theme), in input \
            order, and after each one the notifications that fell due by its time, in the webhook payload \
            shape with `receiver` set, exactly as the routing tree would have grouped them; the rest when \
            the input ends. Without a route: section, spike and theme alerts are printed unrouted \
            (receiver null). Times are the mentions' own (published_at), so a backtest gives the alerts a \
            live run would have. Lines that are not mentions are reported on stderr as FILE:LINE: message \
            and skipped. Labelling uses every core.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @Argument(help: "JSON-lines file of mentions, or - for standard input.") var file: String
    @Flag(
        help: ArgumentHelp(
            "Put the mentions in time order (published_at) before the ordered half runs.",
            discussion: "For input that is not in time order, such as `poll --once` output spanning several "
                + "connectors. Holds the whole input in memory."))
    var sort = false
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Continue the demand themes kept in this state directory and save them at the end.",
            discussion: "Seeds `hark themes` (and the daemon) from history, and applies the silences added with "
                + "`hark silence add`. Nothing else is written; nothing is sent.",
            valueName: "dir"))
    var state: String?

    /// Lines per unit of parallel work; large enough to amortise task overhead, small enough to keep cores busy.
    static let chunkLines = 2048

    func run() async throws {
        let (ruleSet, classifier) = try loadClassifier(configOptions)
        let input: FileHandle
        if file == "-" {
            input = FileHandle.standardInput
        } else {
            guard let handle = FileHandle(forReadingAtPath: file) else {
                printError("hark: cannot read \(file)")
                throw ExitStatus.configurationError
            }
            input = handle
        }
        let name = file == "-" ? "stdin" : file
        let fetchedAt = Date()
        let window = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        var reader = LineChunkReader(handle: input, linesPerChunk: Self.chunkLines)
        let store = try state.map { try openState(directory: ($0 as NSString).expandingTildeInPath) }
        var pipeline = Pipeline(rules: ruleSet, themes: try store?.loadThemes())
        if let store {
            let (silences, unreadable) = try RuntimeSilences.load(from: store)
            pipeline.addSilences(silences)
            for id in unreadable { printError("hark: silence \(id) in the state cannot be read; ignored") }
        }
        // The ordered half needs a mention itself only to count it, route it, sort it or cluster it.
        let keep: ReplayChunk.Keep = sort || pipeline.takesEveryMention ? .everyMention : .demandsOnly
        let spikeRules = ruleSet.spikes
        var summary = ReplaySummary()
        summary.digests = DigestBook(settings: ruleSet.delivery.digestSettings)
        var held: [(Int, ReplayChunk)] = []
        var output = ReplayOutput()
        await withTaskGroup(of: (Int, ReplayChunk).self) { group in
            var nextToWrite = 0
            var submitted = 0
            var finished: [Int: ReplayChunk] = [:]
            func submit() -> Bool {
                guard let chunk = reader.next() else { return false }
                let index = submitted
                submitted += 1
                group.addTask {
                    (index, ReplayChunk.process(
                        chunk, file: name, classifier: classifier, fetchedAt: fetchedAt, keep: keep, spikeRules: spikeRules))
                }
                return true
            }
            while submitted < window, submit() {}
            while let (index, result) = await group.next() {
                if sort {
                    held.append((index, result))
                    _ = submit()
                    continue
                }
                finished[index] = result
                // The ordered half runs here, chunk by chunk in input order, while later chunks are labelled.
                while let ready = finished.removeValue(forKey: nextToWrite) {
                    ready.finish(through: &pipeline, summary: &summary, output: &output)
                    for error in ready.errors { printError(error) }
                    nextToWrite += 1
                }
                _ = submit()
            }
        }
        if sort {
            let chunks = held.sorted { $0.0 < $1.0 }.map(\.1)
            for chunk in chunks { for error in chunk.errors { printError(error) } }
            ReplayChunk.finishInTimeOrder(chunks, through: &pipeline, summary: &summary, output: &output)
        }
        // Every chunk's run was flushed with its chunk, so no rendered lines are pending here.
        let none = RenderedLines.none
        output.compose(after: none) { tail in
            summary.write(pipeline.finish(), at: nil, to: &tail)
            summary.finishDigests(to: &tail)
        }
        output.flush(none)
        if let failure = output.failure {
            printError("hark: cannot write the output: \(String(cString: strerror(failure)))")
            throw ExitCode.failure
        }
        if let store {
            try store.saveThemes(pipeline.themes.snapshot())
            pipeline.themesSaved()
        }
        printError(summary.description)
    }
}

/// Counts for the line `replay` ends with.
struct ReplaySummary: CustomStringConvertible {
    var mentions = 0
    var skipped = 0
    var demands = 0
    var notifications = 0
    var unrouted = 0
    var themes = Set<String>()
    /// Digest receivers' alerts, kept until their period ends (see `ReplayDigests.swift`).
    var digests = DigestBook(settings: [:])
    var digestsPrinted = 0

    var description: String {
        var parts = ["replayed \(mentions) mention\(mentions == 1 ? "" : "s")"]
        if demands > 0 { parts.append("\(demands) demand\(demands == 1 ? "" : "s") in \(themes.count) theme\(themes.count == 1 ? "" : "s")") }
        if notifications > 0 { parts.append("\(notifications) notification\(notifications == 1 ? "" : "s")") }
        if digestsPrinted > 0 { parts.append("\(digestsPrinted) digest\(digestsPrinted == 1 ? "" : "s")") }
        if unrouted > 0 { parts.append("\(unrouted) unrouted alert\(unrouted == 1 ? "" : "s")") }
        if skipped > 0 { parts.append("skipped \(skipped) bad line\(skipped == 1 ? "" : "s")") }
        return "hark: " + parts.joined(separator: ", ")
    }
}

/// One chunk of input lines, decoded and labelled off the main task.
struct ReplayChunk: Sendable {
    /// A labelled mention, the demand found in it, and where its JSON line already is in `rendered`.
    struct Entry: Sendable {
        /// Nil when the ordered half needs only the line (see `Keep`).
        var labelled: LabelledMention?
        var demand: DemandResult?
        /// Nil for demand mentions: their line waits for the theme the ordered half gives them.
        var line: Range<Int>?
        /// The words spikes read, found while labelling; nil when no spike rule selects the mention.
        var spikeTerms: [String]?
        /// How many mentions the entry stands for: consecutive mentions the ordered half only passes
        /// through (not kept) share one entry, whose `line` covers all their lines.
        var mentions = 1
    }

    var entries: [Entry] = []
    /// JSON lines of the chunk's mentions that need nothing from the ordered half, newline included.
    var rendered = RenderedLines.none
    var errors: [String] = []

    /// Which mentions the ordered half reads, beyond their rendered line.
    enum Keep: Sendable {
        /// Spikes count every mention, routes take each one, `--sort` orders them by time.
        case everyMention
        /// Only demands, which join themes; every other mention passes through as its line, and
        /// keeping its fields for the ordered half would only cost copies and reference counting.
        case demandsOnly
    }

    /// Mentions labelled together: enough for a labeller to reuse its cached tables, few enough that
    /// their texts stay in cache between labellers (32 to 512 measured alike, against 1 about 13 % slower).
    static let batchSize = 128

    static func process(
        _ chunk: LineChunk, file: String, classifier: Classifier, fetchedAt: Date, keep: Keep, spikeRules: [SpikeRule]
    ) -> ReplayChunk {
        var builder = Builder(
            classifier: classifier, keep: keep, spikeRules: spikeRules, lines: chunk.ranges.count,
            bytes: chunk.bytes.count)
        chunk.bytes.withUnsafeBufferPointer { bytes in
            for (offset, range) in chunk.ranges.enumerated() {
                let line = UnsafeBufferPointer(rebasing: bytes[range])
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                if let mention = Mention(replayLine: line, fetchedAt: fetchedAt) {
                    builder.add(mention)
                    continue
                }
                let lineNumber = chunk.firstLine + offset
                do throws(JSONParseError) {
                    let value = try JSONParser.parse(line)
                    do throws(MentionDecodingError) {
                        builder.add(try Mention(replayJSON: value, fetchedAt: fetchedAt))
                    } catch {
                        builder.result.errors.append("\(file):\(lineNumber): \(error)")
                    }
                } catch {
                    builder.result.errors.append("\(file):\(lineNumber):\(error.column): \(error.message)")
                }
            }
        }
        return builder.finish()
    }

    /// A chunk's result in the making: mentions gathered a batch at a time (see
    /// `Classifier.label(_:into:)`), labelled into buffers reused from batch to batch, and written.
    ///
    /// A struct with mutating methods rather than nested functions capturing the chunk's variables:
    /// captured, each was boxed, and every access to it checked for exclusivity at run time.
    private struct Builder: ~Copyable {
        let classifier: Classifier
        let keep: Keep
        let spikeRules: [SpikeRule]
        var result = ReplayChunk()
        /// Every labelled line goes into one buffer, with no JSON tree in between; each batch of
        /// mentions is labelled and written while its texts are still in the cache.
        var writer: JSONStreamWriter
        var batch: [Mention] = []
        var labels = BatchLabels()

        init(classifier: Classifier, keep: Keep, spikeRules: [SpikeRule], lines: Int, bytes: Int) {
            self.classifier = classifier
            self.keep = keep
            self.spikeRules = spikeRules
            result.entries.reserveCapacity(keep == .everyMention ? lines : 64)
            writer = JSONStreamWriter(capacity: bytes + lines * 128)
            batch.reserveCapacity(ReplayChunk.batchSize)
        }

        mutating func add(_ mention: consuming Mention) {
            batch.append(mention)
            if batch.count == ReplayChunk.batchSize { flush() }
        }

        consuming func finish() -> ReplayChunk {
            flush()
            result.rendered = RenderedLines(writer)
            return result
        }

        private mutating func flush() {
            guard !batch.isEmpty else { return }
            classifier.label(batch, into: &labels)
            // The batch is moved out while its lines are written (and back after, with its
            // memory), and its mentions are read where they are, through pointers: passed by
            // value, each was copied (its strings and collections retained and released).
            var mentions: [Mention] = []
            swap(&mentions, &batch)
            mentions.withUnsafeBufferPointer { mentions in
                guard let first = mentions.baseAddress else { return }
                for index in mentions.indices { write(first + index, index) }
            }
            mentions.removeAll(keepingCapacity: true)
            swap(&mentions, &batch)
        }

        /// Writes mention `index` of the batch just labelled and records what the ordered half
        /// needs of it. Most mentions only need their line, written straight from the batch's
        /// mention and labels; a labelled mention (a copy of the mention, which retains and
        /// releases all its strings and arrays, and a `Labels` with its topic names) is made only
        /// for those kept.
        private mutating func write(_ mention: UnsafePointer<Mention>, _ index: Int) {
            let topics = classifier.topics
            let isDemand = labels.hasDemand(at: index)
            var line: Range<Int>?
            if !isDemand {
                let start = writer.count
                LabelledMention.writeJSON(mention: mention, batch: labels, at: index, topics: topics, to: &writer)
                writer.newline()
                line = start..<writer.count
            }
            guard isDemand || keep == .everyMention else {
                if let line, let last = result.entries.indices.last, result.entries[last].labelled == nil,
                    let previous = result.entries[last].line, previous.upperBound == line.lowerBound
                {
                    result.entries[last].line = previous.lowerBound..<line.upperBound
                    result.entries[last].mentions += 1
                } else {
                    result.entries.append(Entry(labelled: nil, demand: nil, line: line, spikeTerms: nil))
                }
                return
            }
            let labelled = LabelledMention(mention: mention.pointee, labels: labels.labels(at: index, topics: topics))
            let terms = spikeRules.isEmpty ? nil : SpikeDetector.terms(of: labelled, rules: spikeRules)
            result.entries.append(
                Entry(labelled: labelled, demand: labels.demand(at: index), line: line, spikeTerms: terms))
        }
    }

    /// Runs the chunk's mentions through the ordered half (themes, spikes, routing) in input order and
    /// writes the output: each mention's line followed by the notifications due by its time.
    func finish(through pipeline: inout Pipeline, summary: inout ReplaySummary, output: inout ReplayOutput) {
        for entry in entries {
            Self.finish(entry, rendered: rendered, through: &pipeline, output: &output, summary: &summary)
        }
        output.flush(rendered)
        summary.skipped += errors.count
    }

    /// Like `finish`, over every chunk's mentions sorted by time (stable, so equal times keep input order).
    static func finishInTimeOrder(
        _ chunks: [ReplayChunk], through pipeline: inout Pipeline, summary: inout ReplaySummary,
        output: inout ReplayOutput
    ) {
        var order: [(chunk: Int, entry: Int)] = []
        for (chunkIndex, chunk) in chunks.enumerated() {
            for entryIndex in chunk.entries.indices { order.append((chunkIndex, entryIndex)) }
            summary.skipped += chunk.errors.count
        }
        order = order.enumerated().sorted { left, right in
            // `--sort` keeps every mention.
            let a = chunks[left.element.chunk].entries[left.element.entry].labelled!.mention.publishedAt
            let b = chunks[right.element.chunk].entries[right.element.entry].labelled!.mention.publishedAt
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
        for (chunkIndex, entryIndex) in order {
            let chunk = chunks[chunkIndex]
            finish(chunk.entries[entryIndex], rendered: chunk.rendered, through: &pipeline, output: &output, summary: &summary)
            // The next mention may come from another chunk's buffer.
            output.flush(chunk.rendered)
        }
    }

    /// One mention through the ordered half: its line, then the notifications due by its time.
    private static func finish(
        _ entry: Entry, rendered: RenderedLines, through pipeline: inout Pipeline, output: inout ReplayOutput,
        summary: inout ReplaySummary
    ) {
        summary.mentions += entry.mentions
        guard let labelled = entry.labelled else {
            // Not kept, so not demands (whose lines wait for their themes) and nothing downstream
            // looks at them: the lines labelling wrote are the lines.
            output.line(entry.line!, of: rendered)
            return
        }
        let step = pipeline.process(labelled, demand: entry.demand, spikeTerms: entry.spikeTerms)
        if let line = entry.line, step.labelled.labels.theme == nil {
            output.line(line, of: rendered)
        } else {
            output.compose(after: rendered) { writer in
                step.labelled.writeJSON(to: &writer)
                writer.newline()
            }
        }
        if let theme = step.labelled.labels.theme {
            summary.demands += 1
            summary.themes.insert(pipeline.themes.currentID(of: theme))
        }
        for note in step.notes { printError("hark: \(note)") }
        let unrouted = pipeline.respond == nil ? step.alerts.filter { $0.kind != .mention } : []
        output.compose(after: rendered) { writer in
            summary.write(step.notifications, at: step.labelled.mention.publishedAt, to: &writer)
            for alert in unrouted {
                writer.raw(JSONWriter.string(Self.unrouted(alert)))
                writer.newline()
                summary.unrouted += 1
            }
        }
    }

    /// A spike or theme alert with no routing tree to take it, in the payload shape with no receiver.
    static func unrouted(_ alert: Alert) -> JSONValue {
        .object(
            JSONObject([
                (key: "receiver", value: .null),
                (key: "group_key", value: .string(alert.id)),
                (key: "status", value: .string("firing")),
                (key: "alerts", value: .array([alert.json])),
            ]))
    }
}

/// A run of input lines and the 1-based number of the first.
struct LineChunk: Sendable {
    var firstLine: Int
    /// The lines' bytes, newlines included; one allocation for the whole chunk, which may end with
    /// the start of the next chunk's first line.
    var bytes: [UInt8]
    /// Where each line is in `bytes`, without its newline.
    var ranges: [Range<Int>]

    /// The lines, as slices of `bytes` (no copies).
    var lines: LazyMapSequence<[Range<Int>], ArraySlice<UInt8>> { ranges.lazy.map { [bytes] in bytes[$0] } }
}

/// Reads a file in blocks and hands out chunks of whole lines, so replay streams files of any size.
struct LineChunkReader {
    let handle: FileHandle
    let linesPerChunk: Int
    /// Unread input; always starts at the first line of the next chunk.
    private var buffer: [UInt8] = []
    private var nextLine = 1
    private var atEnd = false

    init(handle: FileHandle, linesPerChunk: Int) {
        self.handle = handle
        self.linesPerChunk = linesPerChunk
    }

    mutating func next() -> LineChunk? {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(linesPerChunk)
        var start = 0
        while ranges.count < linesPerChunk {
            if let newline = Self.newline(in: buffer, from: start) {
                ranges.append(start..<newline)
                start = newline + 1
                continue
            }
            if atEnd {
                if start < buffer.count { ranges.append(start..<buffer.count) }
                start = buffer.count
                break
            }
            // Small blocks keep the partial line carried into the next chunk (the only copy) short.
            let block = handle.readData(ofLength: 1 << 16)
            if block.isEmpty {
                atEnd = true
            } else {
                buffer.append(contentsOf: block)
            }
        }
        guard !ranges.isEmpty else { return nil }
        // The chunk takes the buffer as it is (lines never span its end); the unread rest moves to
        // a new buffer sized for the next chunk.
        let bytes = buffer
        var rest: [UInt8] = []
        rest.reserveCapacity(max(buffer.count + (1 << 16), 1 << 16))
        rest.append(contentsOf: buffer[start...])
        buffer = rest
        defer { nextLine += ranges.count }
        return LineChunk(firstLine: nextLine, bytes: bytes, ranges: ranges)
    }

    /// The offset of the first newline at or after `start`, found with `memchr`.
    private static func newline(in buffer: [UInt8], from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            guard start < bytes.count, let base = bytes.baseAddress,
                let found = memchr(base + start, 0x0A, bytes.count - start)
            else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }
}
