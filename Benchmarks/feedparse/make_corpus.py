#!/usr/bin/env python3
"""Writes a deterministic corpus of realistic feed documents for the feed-parsing benchmark.

Mixes RSS 2.0 (CDATA, content:encoded, dc:creator), RSS 1.0 (RDF), RSS 0.91, Atom (escaped HTML and
xhtml content, xml:base, several links) and JSON Feed 1.1, from a handful of items to a few hundred,
with the markup and entities real publishers produce. Every item has a title and a body, so both
parsers must report the same number of items.

JSON Feed documents are written only with --jsonfeed: feedparser's current release (6.0.x) does
not read JSON Feed, so a side-by-side corpus leaves them out.

usage: make_corpus.py DIR [COUNT] [SEED] [--jsonfeed]
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone
from html import escape

WORDS = (
    "coffee latte app update checkout crash login order delivery refund support store menu price "
    "breakfast weekend staff friendly slow fast great terrible love hate please bring back plan "
    "release version feature bug account password payment card subscription customer service "
    "airport flight delay gate boarding lounge seat upgrade review rating stars quality fresh "
    "tram ticket station platform journey timetable weather city downtown neighbourhood opening"
).split()
NAMES = ["Ana Lima", "Sam Ortiz", "Dana Whitfield", "Mira K.", "Tom Becker", "Lena Park", "Marco Rossi",
         "Zoë Laurent", "Jürgen Maier", "Priya Nair", "Chen Wei", "Olu Adeyemi"]
ZONES = ["GMT", "+0000", "-0500", "+0100", "+0530", "PST", "EDT", "+0900"]
ZONE_OFFSETS = {"GMT": 0, "PST": -8 * 60, "EDT": -4 * 60}


def sentence(rng, low=6, high=18):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "!", "?"])


def title(rng):
    text = sentence(rng, 3, 9).rstrip(".!?")
    return text + rng.choice(["", "", " & more", " \u2014 update", "\u2019s story", " (caf\u00e9 edition)"])


def html_body(rng, paragraphs):
    parts = []
    for _ in range(paragraphs):
        text = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
        words = text.split(" ")
        if len(words) > 6 and rng.random() < 0.5:
            words[2] = "<em>" + words[2] + "</em>"
        if len(words) > 8 and rng.random() < 0.4:
            words[5] = '<a href="/posts/%d">%s</a>' % (rng.randint(1, 9999), words[5])
        if rng.random() < 0.3:
            words.append("&amp; more&nbsp;&#8230;")
        parts.append("<p>" + " ".join(words) + "</p>")
        if rng.random() < 0.15:
            parts.append('<img src="https://cdn.example.com/i/%d.jpg" alt="photo">' % rng.randint(1, 10**6))
        if rng.random() < 0.1:
            parts.append("<ul>" + "".join("<li>%s</li>" % sentence(rng, 3, 6) for _ in range(3)) + "</ul>")
    return "".join(parts)


def dates(rng, count):
    moment = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
    for _ in range(count):
        moment -= timedelta(minutes=rng.randint(5, 600))
        yield moment


def rfc822(moment, zone):
    if zone in ZONE_OFFSETS:
        offset = ZONE_OFFSETS[zone]
    else:
        sign = -1 if zone[0] == "-" else 1
        offset = sign * (int(zone[1:3]) * 60 + int(zone[3:5]))
    local = moment + timedelta(minutes=offset)
    return local.strftime("%a, %d %b %Y %H:%M:%S ") + zone


def items_for(rng):
    count = rng.choice([rng.randint(3, 15), rng.randint(10, 40), rng.randint(30, 120)])
    for index, moment in enumerate(dates(rng, count)):
        yield {
            "index": index,
            "title": title(rng),
            "html": html_body(rng, rng.choice([1, 2, 3, 5, 8])),
            "summary": sentence(rng),
            "author": rng.choice(NAMES),
            "date": moment,
            "zone": rng.choice(ZONES),
            "slug": "post-%d-%d" % (rng.randint(1, 10**6), index),
        }


def rss20(rng, site):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n',
           "<title>%s</title>\n<link>%s</link>\n" % (escape(title(rng)), site),
           '<atom:link href="%sfeed.xml" rel="self" type="application/rss+xml"/>\n' % site,
           "<description>%s</description>\n<language>en-us</language>\n<ttl>60</ttl>\n" % escape(sentence(rng))]
    for item in items_for(rng):
        out.append("<item>\n<title>%s</title>\n" % escape(item["title"]))
        link = "/blog/%s" % item["slug"] if rng.random() < 0.3 else site + "blog/" + item["slug"]
        out.append("<link>%s</link>\n" % link)
        out.append('<guid isPermaLink="false">%s%s</guid>\n' % (site, item["slug"]))
        out.append("<pubDate>%s</pubDate>\n" % rfc822(item["date"], item["zone"]))
        out.append("<dc:creator>%s</dc:creator>\n" % escape(item["author"]))
        out.append("<description>%s</description>\n" % escape(item["summary"]))
        if rng.random() < 0.7:
            out.append("<content:encoded><![CDATA[%s]]></content:encoded>\n" % item["html"])
        else:
            out.append("<content:encoded>%s</content:encoded>\n" % escape(item["html"]))
        out.append("</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def rss091(rng, site):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="0.91">\n<channel>\n',
           "<title>%s</title>\n<link>%s</link>\n<description>%s</description>\n<language>en</language>\n"
           % (escape(title(rng)), site, escape(sentence(rng)))]
    for item in items_for(rng):
        out.append("<item><title>%s</title><link>%snews/%s</link><description>%s</description></item>\n"
                   % (escape(item["title"]), site, item["slug"], escape(item["html"])))
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def rss10(rng, site):
    entries = list(items_for(rng))
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n',
           '<channel rdf:about="%srss">\n<title>%s</title>\n<link>%s</link>\n<description>%s</description>\n'
           % (site, escape(title(rng)), site, escape(sentence(rng))),
           "<items><rdf:Seq>\n"]
    out += ['<rdf:li rdf:resource="%st/%s"/>\n' % (site, item["slug"]) for item in entries]
    out.append("</rdf:Seq></items>\n</channel>\n")
    for item in entries:
        out.append('<item rdf:about="%st/%s">\n<title>%s</title>\n<link>%st/%s</link>\n<description>%s</description>\n'
                   '<dc:creator>%s</dc:creator>\n<dc:date>%s</dc:date>\n</item>\n'
                   % (site, item["slug"], escape(item["title"]), site, item["slug"], escape(item["html"]),
                      escape(item["author"]), item["date"].isoformat()))
    out.append("</rdf:RDF>\n")
    return "".join(out)


def atom(rng, site):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="%s">\n' % site,
           "<title>%s</title>\n<link rel=\"self\" href=\"atom.xml\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"./\"/>\n"
           % escape(title(rng)),
           "<id>%s</id>\n<updated>2026-11-21T12:00:00Z</updated>\n<author><name>%s</name></author>\n"
           % (site, escape(rng.choice(NAMES)))]
    for item in items_for(rng):
        out.append("<entry>\n<title>%s</title>\n" % escape(item["title"]))
        out.append('<link rel="alternate" type="text/html" href="%s.html"/>\n' % item["slug"])
        out.append('<link rel="replies" href="%s/comments"/>\n' % item["slug"])
        out.append("<id>tag:%s,2026:%s</id>\n" % (site.split("/")[2], item["slug"]))
        out.append("<published>%s</published>\n<updated>%s</updated>\n"
                   % (item["date"].isoformat(), (item["date"] + timedelta(hours=1)).isoformat()))
        out.append("<author><name>%s</name></author>\n" % escape(item["author"]))
        out.append("<summary>%s</summary>\n" % escape(item["summary"]))
        if rng.random() < 0.3:
            xhtml = item["html"].replace("&nbsp;", "&#160;").replace('alt="photo">', 'alt="photo"/>')
            out.append('<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">%s</div></content>\n' % xhtml)
        else:
            out.append('<content type="html">%s</content>\n' % escape(item["html"]))
        out.append("</entry>\n")
    out.append("</feed>\n")
    return "".join(out)


def jsonfeed(rng, site):
    items = []
    for item in items_for(rng):
        entry = {"id": site + item["slug"], "url": site + "notes/" + item["slug"], "title": item["title"],
                 "date_published": item["date"].isoformat(), "authors": [{"name": item["author"]}]}
        if rng.random() < 0.7:
            entry["content_html"] = item["html"]
        else:
            entry["content_text"] = item["summary"]
        items.append(entry)
    document = {"version": "https://jsonfeed.org/version/1.1", "title": title(rng), "home_page_url": site,
                "feed_url": site + "feed.json", "language": "en", "items": items}
    return json.dumps(document, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))


FORMATS = [(rss20, "xml", 40), (atom, "xml", 25), (rss10, "rdf", 10), (rss091, "xml", 5), (jsonfeed, "json", 20)]


def main():
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    with_json = "--jsonfeed" in sys.argv[1:]
    if not arguments:
        sys.exit("usage: make_corpus.py DIR [COUNT] [SEED] [--jsonfeed]")
    directory = arguments[0]
    count = int(arguments[1]) if len(arguments) > 1 else 300
    rng = random.Random(int(arguments[2]) if len(arguments) > 2 else 20261121)
    os.makedirs(directory, exist_ok=True)
    formats = [entry for entry in FORMATS if with_json or entry[0] is not jsonfeed]
    writers = [writer for writer in formats for _ in range(writer[2])]
    total = 0
    for number in range(count):
        make, extension, _ = rng.choice(writers)
        site = "https://site%d.example.com/" % number
        text = make(rng, site)
        path = os.path.join(directory, "%04d-%s.%s" % (number, make.__name__, extension))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        total += len(text.encode("utf-8"))
    print("wrote %d feeds, %.1f MB, to %s" % (count, total / 1e6, directory), file=sys.stderr)


if __name__ == "__main__":
    main()
