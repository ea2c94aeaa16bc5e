/// The named character references hark decodes: the full HTML 4 set plus the HTML 5 names that
/// actually turn up in feeds and social posts.
///
/// The complete HTML 5 list has over 2,000 names, most of them mathematical; the ones here cover what
/// publishers emit. Unknown names are left in the text as written, which is what a reader would want.
enum HTMLEntities {
    /// Scalar values by entity name (case-sensitive, as in HTML), for names up to 16 bytes.
    static let byPackedName = PackedNameTable(allNames)

    /// Scalar values of the few names longer than 16 bytes.
    static let longNames: [String: UInt32] = Dictionary(
        allNames.filter { $0.0.utf8.count > PackedName.maximumLength }, uniquingKeysWith: { first, _ in first }
    )

    private static var allNames: [(String, UInt32)] {
        latin1Names.enumerated().map { ($0.element, 0xA0 + UInt32($0.offset)) } + otherNames
    }

    /// Names that browsers still decode without a trailing `;` (and that publishers really do write).
    static let legacyWithoutSemicolon = PackedNameTable(
        [
            ("amp", 0x26), ("AMP", 0x26), ("lt", 0x3C), ("LT", 0x3C), ("gt", 0x3E), ("GT", 0x3E),
            ("quot", 0x22), ("QUOT", 0x22), ("nbsp", 0xA0),
        ] as [(String, UInt32)])

    /// The longest name in the table; longer runs of letters cannot be an entity.
    static let maximumNameLength = 32

    /// Windows-1252 meanings of the C1 range: HTML maps `&#146;` to `’` because that is what the
    /// authors of such pages meant (they typed in cp1252).
    static let windows1252: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// HTML 4 names for U+00A0 to U+00FF, in code point order.
    private static let latin1Names: [String] = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
        "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
        "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
        "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
        "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
        "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
        "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
        "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
        "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
        "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
        "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    private static let otherNames: [(String, UInt32)] = [
        // HTML 4 special characters.
        ("quot", 0x22), ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E),
        ("OElig", 0x152), ("oelig", 0x153), ("Scaron", 0x160), ("scaron", 0x161), ("Yuml", 0x178),
        ("circ", 0x2C6), ("tilde", 0x2DC), ("ensp", 0x2002), ("emsp", 0x2003), ("thinsp", 0x2009),
        ("zwnj", 0x200C), ("zwj", 0x200D), ("lrm", 0x200E), ("rlm", 0x200F), ("ndash", 0x2013),
        ("mdash", 0x2014), ("lsquo", 0x2018), ("rsquo", 0x2019), ("sbquo", 0x201A), ("ldquo", 0x201C),
        ("rdquo", 0x201D), ("bdquo", 0x201E), ("dagger", 0x2020), ("Dagger", 0x2021), ("permil", 0x2030),
        ("lsaquo", 0x2039), ("rsaquo", 0x203A), ("euro", 0x20AC),
        // HTML 4 symbols: Latin extended, Greek.
        ("fnof", 0x192),
        ("Alpha", 0x391), ("Beta", 0x392), ("Gamma", 0x393), ("Delta", 0x394), ("Epsilon", 0x395),
        ("Zeta", 0x396), ("Eta", 0x397), ("Theta", 0x398), ("Iota", 0x399), ("Kappa", 0x39A),
        ("Lambda", 0x39B), ("Mu", 0x39C), ("Nu", 0x39D), ("Xi", 0x39E), ("Omicron", 0x39F),
        ("Pi", 0x3A0), ("Rho", 0x3A1), ("Sigma", 0x3A3), ("Tau", 0x3A4), ("Upsilon", 0x3A5),
        ("Phi", 0x3A6), ("Chi", 0x3A7), ("Psi", 0x3A8), ("Omega", 0x3A9),
        ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
        ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("iota", 0x3B9), ("kappa", 0x3BA),
        ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("omicron", 0x3BF),
        ("pi", 0x3C0), ("rho", 0x3C1), ("sigmaf", 0x3C2), ("sigma", 0x3C3), ("tau", 0x3C4),
        ("upsilon", 0x3C5), ("phi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9),
        ("thetasym", 0x3D1), ("upsih", 0x3D2), ("piv", 0x3D6),
        // HTML 4 symbols: punctuation, letterlike, arrows.
        ("bull", 0x2022), ("hellip", 0x2026), ("prime", 0x2032), ("Prime", 0x2033), ("oline", 0x203E),
        ("frasl", 0x2044), ("weierp", 0x2118), ("image", 0x2111), ("real", 0x211C), ("trade", 0x2122),
        ("alefsym", 0x2135), ("larr", 0x2190), ("uarr", 0x2191), ("rarr", 0x2192), ("darr", 0x2193),
        ("harr", 0x2194), ("crarr", 0x21B5), ("lArr", 0x21D0), ("uArr", 0x21D1), ("rArr", 0x21D2),
        ("dArr", 0x21D3), ("hArr", 0x21D4),
        // HTML 4 symbols: mathematical operators and technical.
        ("forall", 0x2200), ("part", 0x2202), ("exist", 0x2203), ("empty", 0x2205), ("nabla", 0x2207),
        ("isin", 0x2208), ("notin", 0x2209), ("ni", 0x220B), ("prod", 0x220F), ("sum", 0x2211),
        ("minus", 0x2212), ("lowast", 0x2217), ("radic", 0x221A), ("prop", 0x221D), ("infin", 0x221E),
        ("ang", 0x2220), ("and", 0x2227), ("or", 0x2228), ("cap", 0x2229), ("cup", 0x222A),
        ("int", 0x222B), ("there4", 0x2234), ("sim", 0x223C), ("cong", 0x2245), ("asymp", 0x2248),
        ("ne", 0x2260), ("equiv", 0x2261), ("le", 0x2264), ("ge", 0x2265), ("sub", 0x2282),
        ("sup", 0x2283), ("nsub", 0x2284), ("sube", 0x2286), ("supe", 0x2287), ("oplus", 0x2295),
        ("otimes", 0x2297), ("perp", 0x22A5), ("sdot", 0x22C5), ("lceil", 0x2308), ("rceil", 0x2309),
        ("lfloor", 0x230A), ("rfloor", 0x230B), ("lang", 0x27E8), ("rang", 0x27E9), ("loz", 0x25CA),
        ("spades", 0x2660), ("clubs", 0x2663), ("hearts", 0x2665), ("diams", 0x2666),
        // HTML 5 names common in the wild.
        ("apos", 0x27), ("Tab", 0x09), ("NewLine", 0x0A), ("excl", 0x21), ("num", 0x23), ("dollar", 0x24),
        ("percnt", 0x25), ("lpar", 0x28), ("rpar", 0x29), ("ast", 0x2A), ("midast", 0x2A), ("plus", 0x2B),
        ("comma", 0x2C), ("period", 0x2E), ("sol", 0x2F), ("colon", 0x3A), ("semi", 0x3B), ("equals", 0x3D),
        ("quest", 0x3F), ("commat", 0x40), ("lsqb", 0x5B), ("lbrack", 0x5B), ("bsol", 0x5C), ("rsqb", 0x5D),
        ("rbrack", 0x5D), ("Hat", 0x5E), ("lowbar", 0x5F), ("grave", 0x60), ("lcub", 0x7B), ("lbrace", 0x7B),
        ("verbar", 0x7C), ("vert", 0x7C), ("VerticalLine", 0x7C), ("rcub", 0x7D), ("rbrace", 0x7D),
        ("AMP", 0x26), ("LT", 0x3C), ("GT", 0x3E), ("QUOT", 0x22), ("COPY", 0xA9), ("REG", 0xAE),
        ("NonBreakingSpace", 0xA0), ("half", 0xBD), ("centerdot", 0xB7), ("CenterDot", 0xB7),
        ("pm", 0xB1), ("PlusMinus", 0xB1), ("div", 0xF7), ("die", 0xA8), ("Dot", 0xA8), ("DoubleDot", 0xA8),
        ("hyphen", 0x2010), ("dash", 0x2010), ("horbar", 0x2015), ("Vert", 0x2016), ("Verbar", 0x2016),
        ("OpenCurlyQuote", 0x2018), ("CloseCurlyQuote", 0x2019), ("rsquor", 0x2019), ("lsquor", 0x201A),
        ("OpenCurlyDoubleQuote", 0x201C), ("CloseCurlyDoubleQuote", 0x201D), ("rdquor", 0x201D),
        ("ldquor", 0x201E), ("ddagger", 0x2021), ("bullet", 0x2022), ("nldr", 0x2025), ("mldr", 0x2026),
        ("numsp", 0x2007), ("puncsp", 0x2008), ("ThinSpace", 0x2009), ("hairsp", 0x200A),
        ("VeryThinSpace", 0x200A), ("emsp13", 0x2004), ("emsp14", 0x2005), ("ZeroWidthSpace", 0x200B),
        ("NoBreak", 0x2060), ("MediumSpace", 0x205F), ("caret", 0x2041), ("bprime", 0x2035),
        ("hbar", 0x210F), ("planck", 0x210F), ("incare", 0x2105), ("copysr", 0x2117), ("TRADE", 0x2122),
        ("ohm", 0x3A9), ("frac13", 0x2153), ("frac23", 0x2154), ("frac15", 0x2155), ("frac25", 0x2156),
        ("frac35", 0x2157), ("frac45", 0x2158), ("frac16", 0x2159), ("frac56", 0x215A), ("frac18", 0x215B),
        ("frac38", 0x215C), ("frac58", 0x215D), ("frac78", 0x215E), ("leftarrow", 0x2190),
        ("LeftArrow", 0x2190), ("uparrow", 0x2191), ("rightarrow", 0x2192), ("RightArrow", 0x2192),
        ("downarrow", 0x2193), ("leftrightarrow", 0x2194), ("Leftarrow", 0x21D0), ("Rightarrow", 0x21D2),
        ("Implies", 0x21D2), ("leq", 0x2264), ("geq", 0x2265), ("NotEqual", 0x2260), ("infinity", 0x221E),
        ("setminus", 0x2216), ("check", 0x2713), ("checkmark", 0x2713), ("cross", 0x2717), ("star", 0x2606),
        ("starf", 0x2605), ("bigstar", 0x2605), ("phone", 0x260E), ("female", 0x2640), ("male", 0x2642),
        ("spadesuit", 0x2660), ("clubsuit", 0x2663), ("heartsuit", 0x2665), ("diamondsuit", 0x2666),
        ("sung", 0x266A), ("flat", 0x266D), ("natural", 0x266E), ("sharp", 0x266F), ("lozenge", 0x25CA),
        ("squ", 0x25A1), ("square", 0x25A1), ("blacksquare", 0x25AA), ("utri", 0x25B5), ("dtri", 0x25BF),
        ("rtri", 0x25B9), ("ltri", 0x25C3), ("cir", 0x25CB), ("iinfin", 0x29DC),
    ]
}
