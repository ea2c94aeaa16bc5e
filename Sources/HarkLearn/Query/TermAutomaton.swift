/// One term found in a text: which term and the positions it covers (inclusive).
struct TermHit: Sendable, Hashable {
    var term: Int32
    var start: Int32
    var end: Int32
}

/// Every term of every rule in one automaton, so a text is scanned once however many rules there are.
///
/// The automaton is an Aho–Corasick trie over the UTF-8 bytes of folded terms. Words of spaced
/// scripts are walked from the root at each token start and stop at the first byte no term continues
/// with: word-boundary semantics for free, with no failure links, and a word nobody searches for costs
/// one or two lookups. Runs of Chinese, Japanese and other unspaced scripts are walked with failure
/// links, finding every substring term in one pass. Each node lists the terms that end there:
/// whole-word terms (checked at the token's end), prefix terms (`charge*`, reported as soon as the
/// prefix is read), wildcard patterns (indexed under their literal prefix, then checked on the whole
/// token), and substring terms (reported with their dictionary-suffix links).
struct TermAutomaton: Sendable {
    enum Check: UInt8, Sendable {
        case exact, prefix, wildcard, substring
    }

    /// Per term: how it is checked, its glob (wildcards), and its width in characters (substrings).
    let checks: [Check]
    let globs: [GlobPattern?]
    let widths: [Int32]

    /// Everything the scan needs about one node, together so one lookup brings it into cache.
    struct Node: Sendable {
        /// The slot of the node's 256-entry table in `dense`, or -1: busy nodes (the root, common
        /// first letters) get direct indexing, the rest a short linear scan of their edges.
        var denseSlot: Int32
        var edges: Range<Int32>
        var failure: Int32
        /// The nearest node along the failure chain with substring terms, or 0.
        var outputLink: Int32
        /// Whole-word terms ending here, in `exactTerms`.
        var exact: Range<Int32>
        /// Prefix and wildcard terms anchored here, in `partialTerms`.
        var partial: Range<Int32>
        /// Substring terms ending here, in `substringTerms`.
        var substring: Range<Int32>
    }

    let nodes: [Node]
    /// Which first two bytes of a token can lead to a hit (a 65,536-bit set keyed by
    /// `first << 8 | second`, `second` 0 for a one-byte token), or empty when any token can (the
    /// root has prefix or wildcard terms). Most words of a post start no term of any rule; this
    /// turns them away with one bit test instead of a walk through the trie.
    let startPairs: [UInt64]
    let edgeLabel: [UInt8]
    let edgeTarget: [Int32]
    let dense: [Int32]
    let exactTerms: [Int32]
    let partialTerms: [Int32]
    let substringTerms: [Int32]

    var termCount: Int { checks.count }

    /// Builds the automaton for `terms`; term `i` of the list is reported as id `i`.
    init(terms: [QueryTerm]) {
        var children: [[(UInt8, Int32)]] = [[]]
        var exact: [[Int32]] = [[]]
        var partial: [[Int32]] = [[]]
        var substring: [[Int32]] = [[]]
        var checks: [Check] = []
        var globs: [GlobPattern?] = []
        var widths: [Int32] = []

        for (id, term) in terms.enumerated() {
            let key = term.key
            let literal: ArraySlice<UInt8>
            let check: Check
            switch term.kind {
            case .word: (check, literal) = (.exact, key[...])
            case .prefix: (check, literal) = (.prefix, key[...])
            case .substring: (check, literal) = (.substring, key[...])
            case .wildcard:
                check = .wildcard
                literal = key.prefix { $0 != 0x2A && $0 != 0x3F }
            }
            checks.append(check)
            globs.append(check == .wildcard ? GlobPattern(String(decoding: key, as: UTF8.self)) : nil)
            widths.append(Int32(term.text.unicodeScalars.count))
            var node = 0
            for byte in literal {
                if let next = children[node].first(where: { $0.0 == byte })?.1 {
                    node = Int(next)
                } else {
                    children[node].append((byte, Int32(children.count)))
                    children.append([])
                    exact.append([])
                    partial.append([])
                    substring.append([])
                    node = children.count - 1
                }
            }
            switch check {
            case .exact: exact[node].append(Int32(id))
            case .prefix, .wildcard: partial[node].append(Int32(id))
            case .substring: substring[node].append(Int32(id))
            }
        }

        var edgeStart: [Int32] = [0]
        var edgeLabel: [UInt8] = []
        var edgeTarget: [Int32] = []
        var denseSlot: [Int32] = []
        var dense: [Int32] = []
        for (node, edges) in children.enumerated() {
            let sorted = edges.sorted { $0.0 < $1.0 }
            edgeLabel.append(contentsOf: sorted.map(\.0))
            edgeTarget.append(contentsOf: sorted.map(\.1))
            edgeStart.append(Int32(edgeLabel.count))
            if node == 0 || sorted.count >= 8 {
                denseSlot.append(Int32(dense.count / 256))
                var table = [Int32](repeating: 0, count: 256)
                for (label, target) in sorted { table[Int(label)] = target }
                dense.append(contentsOf: table)
            } else {
                denseSlot.append(-1)
            }
        }

        var failure = [Int32](repeating: 0, count: children.count)
        var outputLink = [Int32](repeating: 0, count: children.count)
        var queue = children[0].map { Int($0.1) }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (byte, child) in children[node] {
                var fallback = failure[node]
                var target: Int32 = 0
                while true {
                    if node != 0, let next = children[Int(fallback)].first(where: { $0.0 == byte })?.1 {
                        target = next
                        break
                    }
                    if fallback == 0 { break }
                    fallback = failure[Int(fallback)]
                }
                failure[Int(child)] = target
                outputLink[Int(child)] = substring[Int(target)].isEmpty ? outputLink[Int(target)] : target
                queue.append(Int(child))
            }
        }

        func flatten(_ lists: [[Int32]]) -> ([Range<Int32>], [Int32]) {
            var ranges: [Range<Int32>] = []
            var items: [Int32] = []
            for list in lists {
                ranges.append(Int32(items.count)..<Int32(items.count + list.count))
                items.append(contentsOf: list)
            }
            return (ranges, items)
        }
        let (exactRanges, exactTerms) = flatten(exact)
        let (partialRanges, partialTerms) = flatten(partial)
        let (substringRanges, substringTerms) = flatten(substring)
        nodes = children.indices.map { node in
            Node(
                denseSlot: denseSlot[node], edges: edgeStart[node]..<edgeStart[node + 1], failure: failure[node],
                outputLink: outputLink[node], exact: exactRanges[node], partial: partialRanges[node],
                substring: substringRanges[node])
        }
        var startPairs: [UInt64] = []
        if partial[0].isEmpty {
            startPairs = [UInt64](repeating: 0, count: 65_536 / 64)
            func mark(_ first: UInt8, _ second: UInt8) {
                let key = Int(first) << 8 | Int(second)
                startPairs[key >> 6] |= 1 << UInt64(key & 63)
            }
            for (first, node) in children[0] {
                // A prefix or wildcard term anchored at the first byte hits whatever follows; else a
                // hit needs a one-byte exact term, or a second byte some term continues with.
                if !partial[Int(node)].isEmpty {
                    for second in 0...UInt8.max { mark(first, second) }
                    continue
                }
                if !exact[Int(node)].isEmpty { mark(first, 0) }
                for (second, _) in children[Int(node)] { mark(first, second) }
            }
        }
        self.startPairs = startPairs
        self.exactTerms = exactTerms
        self.partialTerms = partialTerms
        self.substringTerms = substringTerms
        self.checks = checks
        self.globs = globs
        self.widths = widths
        self.edgeLabel = edgeLabel
        self.edgeTarget = edgeTarget
        self.dense = dense
    }

    /// The automaton's arrays as buffers, for the duration of one scan: the walk reads several of
    /// them per byte, and going through the arrays each time reloaded and bounds-checked them.
    private struct Tables {
        let nodes: UnsafeBufferPointer<Node>
        let dense: UnsafeBufferPointer<Int32>
        let edgeLabel: UnsafeBufferPointer<UInt8>
        let edgeTarget: UnsafeBufferPointer<Int32>
        let exactTerms: UnsafeBufferPointer<Int32>
        let startPairs: UnsafeBufferPointer<UInt64>

        /// Whether walking the token `range` of `bytes` can report anything (see `startPairs`).
        @inline(__always)
        func mayHit(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            guard !startPairs.isEmpty, !range.isEmpty else { return true }
            let second = range.count > 1 ? Int(bytes[range.lowerBound + 1]) : 0
            let key = Int(bytes[range.lowerBound]) << 8 | second
            return startPairs[key >> 6] & (1 << UInt64(key & 63)) != 0
        }

        @inline(__always)
        func child(_ node: Int, _ byte: UInt8) -> Int {
            let entry = nodes[node]
            if entry.denseSlot >= 0 { return Int(dense[Int(entry.denseSlot) << 8 | Int(byte)]) }
            for edge in Int(entry.edges.lowerBound)..<Int(entry.edges.upperBound) where edgeLabel[edge] == byte {
                return Int(edgeTarget[edge])
            }
            return 0
        }
    }

    private func withTables<R>(_ body: (Tables) -> R) -> R {
        nodes.withUnsafeBufferPointer { nodes in
            dense.withUnsafeBufferPointer { dense in
                edgeLabel.withUnsafeBufferPointer { edgeLabel in
                    edgeTarget.withUnsafeBufferPointer { edgeTarget in
                        exactTerms.withUnsafeBufferPointer { exactTerms in
                            startPairs.withUnsafeBufferPointer { startPairs in
                                body(
                                    Tables(
                                        nodes: nodes, dense: dense, edgeLabel: edgeLabel, edgeTarget: edgeTarget,
                                        exactTerms: exactTerms, startPairs: startPairs))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Appends every term occurring in `text` to `hits`, with positions shifted by `offset`.
    func scan(_ text: NormalizedText, offset: Int32, into hits: inout [TermHit]) {
        text.withFolded { scan($0, offset: offset, into: &hits) }
    }

    /// `scan(_:offset:into:)` of a fold read in place.
    func scan(_ text: FoldedText, offset: Int32, into hits: inout [TermHit]) {
        guard !text.tokens.isEmpty else { return }
        withTables { tables in
            let bytes = text.utf8
            for token in text.tokens {
                let position = token.first + offset
                let range = Int(token.start)..<Int(token.end)
                switch token.kind {
                case .word:
                    if tables.mayHit(bytes, range) {
                        walk(tables, bytes, range, position: position, includeRoot: true, into: &hits)
                    }
                case .hashtag, .handle:
                    if tables.mayHit(bytes, range) {
                        walk(tables, bytes, range, position: position, includeRoot: true, into: &hits)
                    }
                    let marked = range.lowerBound - 1..<range.upperBound
                    if tables.mayHit(bytes, marked) {
                        walk(tables, bytes, marked, position: position, includeRoot: false, into: &hits)
                    }
                case .run:
                    search(tables, bytes, range, position: position, into: &hits)
                }
            }
        }
    }

    /// Anchored walk of one token: exact terms at its end, prefix and wildcard terms on the way.
    @inline(__always)
    private func walk(
        _ tables: Tables, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, position: Int32,
        includeRoot: Bool, into hits: inout [TermHit]
    ) {
        var node = 0
        var index = range.lowerBound
        if includeRoot, !tables.nodes[0].partial.isEmpty {
            report(node: 0, bytes, range, position: position, into: &hits)
        }
        while index < range.upperBound {
            node = tables.child(node, bytes[index])
            if node == 0 { return }
            index += 1
            let entry = tables.nodes[node]
            if !entry.partial.isEmpty { report(node: node, bytes, range, position: position, into: &hits) }
            if index == range.upperBound {
                for slot in Int(entry.exact.lowerBound)..<Int(entry.exact.upperBound) {
                    hits.append(TermHit(term: tables.exactTerms[slot], start: position, end: position))
                }
            }
        }
    }

    @inline(__always)
    private func report(
        node: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, position: Int32, into hits: inout [TermHit]
    ) {
        let partial = nodes[node].partial
        guard !partial.isEmpty else { return }
        var scalars: [UInt32]?
        for slot in partial {
            let term = partialTerms[Int(slot)]
            if let glob = globs[Int(term)] {
                if scalars == nil {
                    scalars = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                        .unicodeScalars.map(\.value)
                }
                guard let scalars, glob.matches(scalars) else { continue }
            }
            hits.append(TermHit(term: term, start: position, end: position))
        }
    }

    /// Aho–Corasick over one run: every substring term, with character positions.
    private func search(
        _ tables: Tables, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, position: Int32,
        into hits: inout [TermHit]
    ) {
        var node = 0
        var character: Int32 = -1
        for index in range {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 { character += 1 }
            while true {
                let next = tables.child(node, byte)
                if next != 0 {
                    node = next
                    break
                }
                if node == 0 { break }
                node = Int(nodes[node].failure)
            }
            var output = nodes[node].substring.isEmpty ? Int(nodes[node].outputLink) : node
            while output != 0 {
                for slot in nodes[output].substring {
                    let term = substringTerms[Int(slot)]
                    let end = position + character
                    hits.append(TermHit(term: term, start: end - widths[Int(term)] + 1, end: end))
                }
                output = Int(nodes[output].outputLink)
            }
        }
    }
}
