import Foundation

/// Durations as people write them in configuration files: `90s`, `5m`, `1h30m`, `7d`, `500ms`.
public enum DurationText {
    /// Parses a duration; nil when the text is not one. A bare number means seconds.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.isEmpty { return nil }
        if let seconds = Double(trimmed), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        var totalMilliseconds: Int64 = 0
        var number = ""
        var index = trimmed.startIndex
        var sawUnit = false
        while index < trimmed.endIndex {
            let character = trimmed[index]
            if character.isNumber || character == "." {
                number.append(character)
                index = trimmed.index(after: index)
                continue
            }
            var unit = ""
            while index < trimmed.endIndex, trimmed[index].isLetter {
                unit.append(trimmed[index])
                index = trimmed.index(after: index)
            }
            guard let value = Double(number), let scale = unitMilliseconds[unit] else { return nil }
            totalMilliseconds += Int64(value * scale)
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return .milliseconds(totalMilliseconds)
    }

    /// Formats a duration the way `parse` reads it (`1h30m`, `45s`, `250ms`).
    public static func format(_ duration: Duration) -> String {
        var milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "0s" }
        var text = ""
        for (unit, scale) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] as [(String, Int64)] {
            if milliseconds >= scale {
                text += "\(milliseconds / scale)\(unit)"
                milliseconds %= scale
            }
        }
        if milliseconds > 0 { text += "\(milliseconds)ms" }
        return text
    }

    private static let unitMilliseconds: [String: Double] = [
        "ms": 1, "s": 1000, "sec": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000, "d": 86_400_000,
        "w": 604_800_000,
    ]
}

extension Duration {
    /// The duration in seconds, as a Double (for arithmetic on rates and back-off).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
