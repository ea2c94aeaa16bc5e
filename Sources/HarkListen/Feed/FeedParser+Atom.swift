import HarkCore

/// Atom 1.0 (RFC 4287), and the 0.3 draft still served by old blogs: text constructs of type
/// `text`, `html` and `xhtml`, `xml:base` on any element, several links per entry.
extension FeedParser {
    static func atom(_ tree: XMLTree, root: Int, url: String) -> ParsedFeed {
        var feed = ParsedFeed(kind: .atom)
        let namespace = tree.name(root)?.namespace == FeedNamespace.atom03 ? FeedNamespace.atom03 : FeedNamespace.atom
        let element = { (local: String) in XMLName(namespace, local) }
        feed.title = nonEmpty(tree.child(of: root, element("title")).map { atomText(tree, $0) })
        feed.link = alternateLink(tree, root, namespace: namespace, url: url)
        feed.language = tree.language(of: root).flatMap(languageTag)
        let feedAuthor = authorName(tree, root, namespace: namespace)
        let entries = tree.elements(of: root).filter { tree.name($0) == element("entry") }
        for (index, entry) in entries.enumerated() where tree.isClosed(entry) {
            var draft = ItemDraft()
            draft.id = tree.child(of: entry, element("id")).map { tree.text(of: $0) }
            draft.url = alternateLink(tree, entry, namespace: namespace, url: url)
            draft.title = tree.child(of: entry, element("title")).map { atomText(tree, $0) }
            var textNode: Int?
            for local in ["content", "summary"] {
                guard let node = tree.child(of: entry, element(local)), tree.attribute("src", of: node) == nil else {
                    continue
                }
                let text = atomText(tree, node)
                if !text.isEmpty {
                    draft.text = text
                    textNode = node
                    break
                }
            }
            draft.author = authorName(tree, entry, namespace: namespace) ?? feedAuthor
            for local in ["published", "updated", "issued", "modified", "created"] {
                if let node = tree.child(of: entry, element(local)), let date = nonEmpty(tree.text(of: node)) {
                    draft.date = date
                    break
                }
            }
            draft.language =
                tree.language(of: entry, inherited: false)
                ?? textNode.flatMap { tree.language(of: $0, inherited: false) }
            finish(draft, index: index, into: &feed)
        }
        return feed
    }

    /// A text construct as plain text, read according to its `type`.
    private static func atomText(_ tree: XMLTree, _ node: Int) -> String {
        let type = (tree.attribute("type", of: node) ?? "text").lowercased()
        switch type {
        case "xhtml", "application/xhtml+xml":
            let div = tree.elements(of: node).first { tree.name($0)?.local == "div" }
            return html(tree.innerHTML(of: div ?? node, escapingText: true))
        case "html", "text/html":
            return html(tree.innerHTML(of: node))
        default:
            // Atom 0.3 "escaped" mode and misdeclared content carry markup despite the type.
            if tree.attribute("mode", of: node) == "escaped" || tree.hasElementChildren(node) {
                return html(tree.innerHTML(of: node))
            }
            return plain(tree.text(of: node))
        }
    }

    /// The `rel="alternate"` link (a link without `rel` is one), preferring HTML, resolved
    /// against the `xml:base` in force on the link.
    private static func alternateLink(_ tree: XMLTree, _ node: Int, namespace: String, url: String) -> String? {
        var best: (href: String, isHTML: Bool)?
        for link in tree.elements(of: node) where tree.name(link) == XMLName(namespace, "link") {
            let rel = tree.attribute("rel", of: link) ?? "alternate"
            guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate",
                let href = nonEmpty(tree.attribute("href", of: link))
            else { continue }
            let type = tree.attribute("type", of: link)?.lowercased()
            let isHTML = type == nil || type == "text/html" || type == "application/xhtml+xml"
            if best == nil || (isHTML && best?.isHTML == false) {
                best = (URLReference.resolve(href, against: tree.base(of: link, documentURL: url)), isHTML)
            }
        }
        return best?.href
    }

    private static func authorName(_ tree: XMLTree, _ node: Int, namespace: String) -> String? {
        for local in ["author", "contributor"] {
            if let author = tree.child(of: node, XMLName(namespace, local)),
                let name = tree.child(of: author, XMLName(namespace, "name"))
                    ?? tree.child(of: author, XMLName(namespace, "email")),
                let text = nonEmpty(plain(tree.text(of: name)))
            {
                return text
            }
        }
        return nil
    }
}
