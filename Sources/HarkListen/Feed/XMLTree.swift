/// A whole XML document as a flat array of nodes, built from `XMLScanner` events.
///
/// Feeds are small and read by path ("each `item`'s `title`"), so a tree is simpler to read than
/// a streaming state machine; keeping nodes in one array linked by index makes it cheap (no object
/// per node, no array of children per element). Text stays a byte range until a field is read.
/// When the scanner fails part way, the tree keeps what was built and records the failure, so a
/// truncated feed still yields the items that were closed before the cut.
struct XMLTree {
    struct Node {
        /// Nil for a text node.
        var name: XMLName?
        var attributes: [XMLAttribute]
        var text: XMLTextSpan?
        var parent: Int
        var firstChild = -1
        var lastChild = -1
        var nextSibling = -1
        /// True once the element's end was seen (or implied by a recovered end tag).
        var closed = false
    }

    private(set) var nodes: [Node] = []
    private(set) var scanner: XMLScanner
    /// The first element of the document, when there is one.
    private(set) var root: Int?
    /// Why the document stopped before its end, if it did.
    private(set) var failure: XMLScanner.Failure?

    init(_ bytes: [UInt8], maxDepth: Int = XMLScanner.defaultMaxDepth) {
        scanner = XMLScanner(bytes, maxDepth: maxDepth)
        nodes.reserveCapacity(bytes.count / 24)
        var current = -1
        do {
            while let event = try scanner.next() {
                switch event {
                case .start(let name, let attributes):
                    if current < 0, root != nil {
                        // A second top-level element: nothing a feed reader would look at.
                        current = append(Node(name: name, attributes: attributes, parent: -1), under: -1)
                        continue
                    }
                    current = append(Node(name: name, attributes: attributes, parent: current), under: current)
                    if root == nil { root = current }
                case .end:
                    guard current >= 0 else { continue }
                    nodes[current].closed = true
                    current = nodes[current].parent
                case .text(let span):
                    guard current >= 0 else { continue }
                    append(Node(name: nil, attributes: [], text: span, parent: current), under: current)
                }
            }
        } catch {
            failure = error
        }
    }

    @discardableResult
    private mutating func append(_ node: Node, under parent: Int) -> Int {
        let index = nodes.count
        nodes.append(node)
        if parent >= 0 {
            if nodes[parent].lastChild >= 0 {
                nodes[nodes[parent].lastChild].nextSibling = index
            } else {
                nodes[parent].firstChild = index
            }
            nodes[parent].lastChild = index
        }
        return index
    }

    func name(_ node: Int) -> XMLName? { nodes[node].name }

    func isClosed(_ node: Int) -> Bool { nodes[node].closed }

    /// The element children of `node`, in document order.
    func elements(of node: Int) -> [Int] {
        var result: [Int] = []
        var child = nodes[node].firstChild
        while child >= 0 {
            if nodes[child].name != nil { result.append(child) }
            child = nodes[child].nextSibling
        }
        return result
    }

    /// The first child element with this name.
    func child(of node: Int, _ name: XMLName) -> Int? {
        var child = nodes[node].firstChild
        while child >= 0 {
            if nodes[child].name == name { return child }
            child = nodes[child].nextSibling
        }
        return nil
    }

    /// An attribute's value; `namespace` is empty for the usual unprefixed attributes.
    func attribute(_ local: String, of node: Int, namespace: String = "") -> String? {
        nodes[node].attributes.first { $0.name.local == local && $0.name.namespace == namespace }?.value
    }

    /// The nearest `xml:lang` on the element or its ancestors.
    func language(of node: Int, inherited: Bool = true) -> String? {
        var index = node
        while index >= 0 {
            if let lang = attribute("lang", of: index, namespace: XMLScanner.xmlNamespace) { return lang }
            guard inherited else { return nil }
            index = nodes[index].parent
        }
        return nil
    }

    /// The base URL in force at `node`: `xml:base` attributes from the root down, resolved in
    /// turn against the document's own URL.
    func base(of node: Int, documentURL: String) -> String {
        var chain: [String] = []
        var index = node
        while index >= 0 {
            if let base = attribute("base", of: index, namespace: XMLScanner.xmlNamespace) { chain.append(base) }
            index = nodes[index].parent
        }
        var base = documentURL
        for reference in chain.reversed() { base = URLReference.resolve(reference, against: base) }
        return base
    }

    /// All text inside `node` (descendants included), references decoded.
    func text(of node: Int) -> String {
        var child = nodes[node].firstChild
        // The common case, one text node, needs no concatenation.
        if child >= 0, nodes[child].nextSibling < 0, let span = nodes[child].text {
            return scanner.string(span)
        }
        var result = ""
        while child >= 0 {
            if let span = nodes[child].text {
                result += scanner.string(span)
            } else {
                result += text(of: child)
            }
            child = nodes[child].nextSibling
        }
        return result
    }

    /// The content of `node` as HTML: text as decoded, child elements written back as tags.
    ///
    /// RSS descriptions hold escaped HTML (decoding the text gives the markup) but some feeds put
    /// raw HTML elements there instead, and Atom `xhtml` content is elements by definition; both
    /// come out as one HTML string for `PlainText`. `escapingText` re-escapes text for xhtml, whose
    /// text is literal.
    func innerHTML(of node: Int, escapingText: Bool = false) -> String {
        let child = nodes[node].firstChild
        if !escapingText, child >= 0, nodes[child].nextSibling < 0, let span = nodes[child].text {
            return scanner.string(span)
        }
        var result = ""
        writeChildren(of: node, escapingText: escapingText, into: &result)
        return result
    }

    private func writeChildren(of node: Int, escapingText: Bool, into result: inout String) {
        var child = nodes[node].firstChild
        while child >= 0 {
            let item = nodes[child]
            if let span = item.text {
                let text = scanner.string(span)
                result += escapingText ? Self.escape(text) : text
            } else if let name = item.name {
                result += "<" + name.local
                for attribute in item.attributes {
                    result += " \(attribute.name.local)=\"\(Self.escape(attribute.value))\""
                }
                result += ">"
                writeChildren(of: child, escapingText: escapingText, into: &result)
                result += "</" + name.local + ">"
            }
            child = item.nextSibling
        }
    }

    private static func escape(_ text: String) -> String {
        guard
            text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "\"") }
            )
        else { return text }
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Does `node` hold child elements (not just text)?
    func hasElementChildren(_ node: Int) -> Bool {
        var child = nodes[node].firstChild
        while child >= 0 {
            if nodes[child].name != nil { return true }
            child = nodes[child].nextSibling
        }
        return false
    }
}
