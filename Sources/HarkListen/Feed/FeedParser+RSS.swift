import HarkCore

/// RSS in its three lineages: 0.9x and 2.0 (`<rss><channel><item>`, no namespace) and the RDF
/// based 0.90 and 1.0 (`<rdf:RDF>` with `channel` and `item` side by side, namespaced).
extension FeedParser {
    static func rss(_ tree: XMLTree, root: Int, url: String) -> ParsedFeed {
        var feed = ParsedFeed(kind: .rss)
        let channel = tree.elements(of: root).first { isRSS(tree.name($0), "channel") }
        var itemNodes: [Int] = []
        if let channel {
            feed.title = nonEmpty(rssField(tree, channel, "title").map { html(tree.text(of: $0)) })
            if let link = rssField(tree, channel, "link") {
                feed.link = nonEmpty(tree.text(of: link)).map {
                    URLReference.resolve($0, against: tree.base(of: link, documentURL: url))
                }
            }
            let language =
                rssField(tree, channel, "language")
                ?? tree.child(of: channel, XMLName(FeedNamespace.dublinCore, "language"))
            feed.language = (language.map { tree.text(of: $0) } ?? tree.language(of: channel)).flatMap(languageTag)
            if let ttl = rssField(tree, channel, "ttl"), let minutes = Int(trimmingWhitespace(tree.text(of: ttl))),
                minutes > 0
            {
                feed.ttl = .seconds(minutes * 60)
            }
            itemNodes = tree.elements(of: channel).filter { isRSS(tree.name($0), "item") }
        }
        // RSS 0.90 and 1.0 put items beside the channel, not inside it.
        itemNodes += tree.elements(of: root).filter { isRSS(tree.name($0), "item") }
        for (index, node) in itemNodes.enumerated() where tree.isClosed(node) {
            finish(rssItem(tree, node, url: url), index: index, into: &feed)
        }
        return feed
    }

    private static func rssItem(_ tree: XMLTree, _ item: Int, url: String) -> ItemDraft {
        var draft = ItemDraft()
        var guidIsPermalink = false
        var guid: String?
        var description: Int?
        var encoded: Int?
        var creator: String?
        var author: String?
        var pubDate: String?
        var dcDate: String?
        var alternate: String?
        for child in tree.elements(of: item) {
            guard let name = tree.name(child) else { continue }
            switch (name.namespace, name.local) {
            case (FeedNamespace.dublinCore, "creator"): creator = creator ?? tree.text(of: child)
            case (FeedNamespace.dublinCore, "date"): dcDate = dcDate ?? tree.text(of: child)
            case (FeedNamespace.dublinCore, "language"): draft.language = draft.language ?? tree.text(of: child)
            case (FeedNamespace.content, "encoded"): encoded = encoded ?? child
            case (FeedNamespace.atom, "link") where alternate == nil:
                let rel = tree.attribute("rel", of: child) ?? "alternate"
                if rel == "alternate", let href = tree.attribute("href", of: child) {
                    alternate = URLReference.resolve(href, against: tree.base(of: child, documentURL: url))
                }
            case (let namespace, let local) where isRSSNamespace(namespace):
                switch local {
                case "title" where draft.title == nil: draft.title = html(tree.text(of: child))
                case "link" where draft.url == nil:
                    if let link = nonEmpty(tree.text(of: child)) {
                        draft.url = URLReference.resolve(link, against: tree.base(of: child, documentURL: url))
                    }
                case "guid" where guid == nil:
                    guid = nonEmpty(tree.text(of: child))
                    guidIsPermalink = tree.attribute("isPermaLink", of: child)?.lowercased() != "false"
                case "description" where description == nil: description = child
                case "author" where author == nil: author = rssAuthor(tree.text(of: child))
                case "pubDate" where pubDate == nil: pubDate = tree.text(of: child)
                default: break
                }
            default: break
            }
        }
        draft.url = draft.url ?? alternate
        if draft.url == nil, guidIsPermalink, let guid, guid.hasPrefix("http://") || guid.hasPrefix("https://") {
            draft.url = guid
        }
        draft.id = guid ?? tree.attribute("about", of: item, namespace: FeedNamespace.rdf)
        let body = [encoded, description].lazy.compactMap { $0 }.map { html(tree.innerHTML(of: $0)) }
        draft.text = body.first { !$0.isEmpty }
        draft.author = author ?? creator.map(plain)
        draft.date = pubDate ?? dcDate
        draft.language = draft.language ?? tree.language(of: item, inherited: false)
        return draft
    }

    private static func rssField(_ tree: XMLTree, _ node: Int, _ local: String) -> Int? {
        tree.elements(of: node).first { isRSS(tree.name($0), local) }
    }

    private static func isRSS(_ name: XMLName?, _ local: String) -> Bool {
        guard let name else { return false }
        return name.local == local && isRSSNamespace(name.namespace)
    }

    private static func isRSSNamespace(_ namespace: String) -> Bool {
        namespace.isEmpty || namespace == FeedNamespace.rss10 || namespace == FeedNamespace.rss090
    }
}
