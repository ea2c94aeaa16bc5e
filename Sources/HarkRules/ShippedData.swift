import Foundation

/// Finds the data hark ships (lexicons, abuse lists) when a configuration directory does not
/// carry its own copy, so a team that writes only a topics file still gets sentiment.
///
/// Looked up in order: the configuration's own `rules/NAME`; `$HARK_SHARE_DIR/NAME`; the
/// install prefix next to the executable (`bin/hark` → `share/hark/NAME`); a source checkout the
/// executable was built in (`.build/…/hark` → `rules/NAME`); the checkout this module was
/// compiled from.
public enum ShippedData {
    public static func directory(_ name: String, configDirectory: String, marker: String) -> String? {
        var candidates = [(configDirectory as NSString).appendingPathComponent("rules/\(name)")]
        if let share = ProcessInfo.processInfo.environment["HARK_SHARE_DIR"], !share.isEmpty {
            candidates.append((share as NSString).appendingPathComponent(name))
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var ancestor = executable.deletingLastPathComponent()
        candidates.append(ancestor.deletingLastPathComponent().appendingPathComponent("share/hark/\(name)").path)
        for _ in 0..<5 {
            ancestor = ancestor.deletingLastPathComponent()
            candidates.append(ancestor.appendingPathComponent("rules/\(name)").path)
        }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent("rules/\(name)").path)
        return candidates.first {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(marker))
        }
    }
}
