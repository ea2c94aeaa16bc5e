import ArgumentParser
import Foundation
import HarkCore
import HarkLearn
import HarkRules

/// `hark replay FILE`: the learn pipeline offline over recorded mentions (a backtest).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Label a JSON-lines file of mentions offline and print one JSON line per mention.",
        discussion: """
            Each input line is a mention in the shape `poll --once` prints (id and text required). \
            Lines that are not mentions are reported on stderr as FILE:LINE: message and skipped; the \
            rest are kept. Sends nothing. Use - to read standard input. Uses every core.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @Argument(help: "JSON-lines file of mentions, or - for standard input.") var file: String

    /// Lines per unit of parallel work; large enough to amortise task overhead, small enough to keep cores busy.
    static let chunkLines = 2048

    func run() async throws {
        let (_, classifier) = try loadClassifier(configOptions)
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
        var replayed = 0
        var skipped = 0
        await withTaskGroup(of: (Int, ReplayChunk).self) { group in
            var nextToWrite = 0
            var submitted = 0
            var finished: [Int: ReplayChunk] = [:]
            func submit() -> Bool {
                guard let chunk = reader.next() else { return false }
                let index = submitted
                submitted += 1
                group.addTask { (index, ReplayChunk.process(chunk, file: name, classifier: classifier, fetchedAt: fetchedAt)) }
                return true
            }
            while submitted < window, submit() {}
            while let (index, result) = await group.next() {
                finished[index] = result
                while let ready = finished.removeValue(forKey: nextToWrite) {
                    FileHandle.standardOutput.write(Data(ready.output))
                    for error in ready.errors { printError(error) }
                    replayed += ready.count
                    skipped += ready.errors.count
                    nextToWrite += 1
                }
                _ = submit()
            }
        }
        printError("hark: replayed \(replayed) mention\(replayed == 1 ? "" : "s")\(skipped > 0 ? ", skipped \(skipped) bad lines" : "")")
    }
}

/// One chunk of input lines, decoded, labelled and serialised off the main task.
struct ReplayChunk: Sendable {
    /// The chunk's labelled mentions as JSON lines, in UTF-8.
    var output: [UInt8] = []
    var errors: [String] = []
    var count = 0

    static func process(_ chunk: LineChunk, file: String, classifier: Classifier, fetchedAt: Date) -> ReplayChunk {
        var result = ReplayChunk()
        // Every labelled line of the chunk goes into one buffer, with no JSON tree in between;
        // each mention is labelled and written while its text is still in the cache.
        var writer = JSONStreamWriter(capacity: chunk.bytes.count + chunk.ranges.count * 128)
        for (offset, line) in chunk.lines.enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if let mention = Mention(replayLine: line, fetchedAt: fetchedAt) {
                LabelledMention(mention: mention, labels: classifier.labels(for: mention)).writeJSON(to: &writer)
                writer.newline()
                result.count += 1
                continue
            }
            let lineNumber = chunk.firstLine + offset
            do throws(JSONParseError) {
                let value = try JSONParser.parse(line)
                do throws(MentionDecodingError) {
                    let mention = try Mention(replayJSON: value, fetchedAt: fetchedAt)
                    LabelledMention(mention: mention, labels: classifier.labels(for: mention)).writeJSON(to: &writer)
                    writer.newline()
                    result.count += 1
                } catch {
                    result.errors.append("\(file):\(lineNumber): \(error)")
                }
            } catch {
                result.errors.append("\(file):\(lineNumber):\(error.column): \(error.message)")
            }
        }
        result.output = writer.bytes
        return result
    }
}

/// A run of input lines and the 1-based number of the first.
struct LineChunk: Sendable {
    var firstLine: Int
    /// The lines' bytes, newlines included; one allocation for the whole chunk.
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
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                ranges.append(start..<newline)
                start = newline + 1
                continue
            }
            if atEnd {
                if start < buffer.count { ranges.append(start..<buffer.count) }
                start = buffer.count
                break
            }
            let block = handle.readData(ofLength: 1 << 20)
            if block.isEmpty {
                atEnd = true
            } else {
                buffer.append(contentsOf: block)
            }
        }
        guard !ranges.isEmpty else { return nil }
        let bytes = Array(buffer[..<start])
        buffer.removeFirst(start)
        defer { nextLine += ranges.count }
        return LineChunk(firstLine: nextLine, bytes: bytes, ranges: ranges)
    }
}
