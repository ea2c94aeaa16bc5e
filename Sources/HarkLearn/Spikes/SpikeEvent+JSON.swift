public import HarkCore

extension SpikeEvent {
    /// The `spike` object of the alert payload (SPEC "Alert payload"), keys in this order:
    /// `rule`, `kind`, `status`, `selector`, `value` (grouped rules only), `window`, `window_start`,
    /// `window_end`, `count`, `baseline`, `ratio`, `baseline_count`, `baseline_span`, `cold_start`
    /// (only when true), `authors`, `top_terms`, `last_seen` (silences), `samples`, `fired_at`.
    /// `baseline` and `ratio` are rounded to two decimals.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("rule", .string(rule)), ("kind", .string(kind.rawValue)), ("status", .string(status.rawValue)),
            ("selector", .string(selector)),
        ]
        if let value { members.append(("value", .string(value))) }
        members += [
            ("window", .string(DurationText.format(window))),
            ("window_start", .string(Timestamp.rfc3339(windowStart))),
            ("window_end", .string(Timestamp.rfc3339(windowEnd))),
            ("count", .number(Double(count))),
            ("baseline", .number(Self.rounded(baseline))),
            ("ratio", .number(Self.rounded(ratio))),
            ("baseline_count", .number(Double(baselineCount))),
            ("baseline_span", .string(DurationText.format(baselineSpan))),
        ]
        if coldStart { members.append(("cold_start", .bool(true))) }
        members.append(("authors", .number(Double(authors))))
        members.append(("top_terms", .array(topTerms.map(JSONValue.string))))
        if kind == .silence, let lastSeen { members.append(("last_seen", .string(Timestamp.rfc3339(lastSeen)))) }
        members.append(("samples", .array(samples.map(\.json))))
        members.append(("fired_at", .string(Timestamp.rfc3339(firedAt))))
        return .object(JSONObject(members))
    }

    private static func rounded(_ value: Double) -> Double {
        value.isFinite ? (value * 100).rounded() / 100 : 0
    }
}
