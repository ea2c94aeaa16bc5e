public import Foundation
public import HarkCore

extension Silence {
    /// The matchers as JSON text, `[{"name","op","value"}]` with op `=` or `=~`: how the state
    /// keeps silences added from the command line.
    public var matchersJSON: String {
        JSONWriter.string(
            .array(
                matchers.map { matcher in
                    let (op, value): (String, String) =
                        switch matcher.test {
                        case .equal(let value): ("=", value)
                        case .regex(let pattern): ("=~", pattern.source)
                        }
                    return .object(
                        JSONObject([
                            ("name", .string(matcher.name.rawValue)), ("op", .string(op)), ("value", .string(value)),
                        ]))
                }))
    }

    /// Matchers read back from `matchersJSON`; nil when the text is not what it wrote (a newer or
    /// damaged state), so the caller can skip that silence and say so.
    public static func matchers(fromJSON text: String) -> [LabelMatcher]? {
        guard let items = (try? JSONParser.parse(text))?.arrayValue, !items.isEmpty else { return nil }
        var matchers: [LabelMatcher] = []
        for item in items {
            guard let name = item["name"]?.stringValue.flatMap({ LabelName(rawValue: $0) }),
                let value = item["value"]?.stringValue
            else { return nil }
            switch item["op"]?.stringValue {
            case "=": matchers.append(.equal(name, value))
            case "=~":
                guard let matcher = try? LabelMatcher.regex(name, value) else { return nil }
                matchers.append(matcher)
            default: return nil
            }
        }
        return matchers
    }
}
