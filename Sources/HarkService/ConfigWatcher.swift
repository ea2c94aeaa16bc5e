import Foundation
import Glibc
import Logging

/// Notices edits under the configuration directory (`rules/`, `connectors/` and their folders)
/// with inotify, so a rule edit takes effect without a SIGHUP.
///
/// Editors save in many ways: in place (`IN_CLOSE_WRITE`), by writing a temporary file and renaming
/// it over the original (`IN_MOVED_TO`), by deleting and recreating. All of them end in an event on
/// the real name; scratch files (`.x.swp`, `x~`, `#x#`, vim's `4913`, dot-files) are ignored. A burst
/// of events (a `git pull`, a save that touches three files) becomes one reload once the directory
/// has been quiet for `debounce`. Directories created later (a new `rules/tests/`) are watched from
/// the next burst on.
struct ConfigWatcher: Sendable {
    let directory: String
    var debounce: Duration = .milliseconds(500)
    let logger: Logger

    /// The top-level folders that hold configuration.
    static let watchedFolders = ["rules", "connectors"]

    /// Calls `onChange` once per quiet burst of relevant changes until the task is cancelled or a
    /// graceful shutdown begins. Returns at once (with a warning) where inotify is unavailable.
    func run(onChange: @Sendable () async -> Void) async {
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else {
            logger.warning(
                "cannot watch the configuration for changes (inotify: \(String(cString: strerror(errno)))); SIGHUP still reloads"
            )
            return
        }
        defer { close(fd) }
        var folders = addWatches(fd)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var lastChange: ContinuousClock.Instant?
        while !shouldStop {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                if relevant(buffer[..<count], folders: folders) { lastChange = .now }
                continue
            }
            if let changed = lastChange, ContinuousClock.now - changed >= debounce {
                lastChange = nil
                folders = addWatches(fd)
                await onChange()
                continue
            }
            // Nothing to read: inotify holds events for us, so a short nap loses nothing.
            await pause(for: .milliseconds(100))
        }
    }

    /// Watches the configuration directory and every folder under `rules/` and `connectors/`;
    /// returns the watch descriptors with their paths (re-adding a watch returns the same one).
    private func addWatches(_ fd: Int32) -> [Int32: String] {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF)
        var watches: [Int32: String] = [:]
        var pending = [directory] + Self.watchedFolders.map { (directory as NSString).appendingPathComponent($0) }
        let fileManager = FileManager.default
        while let path = pending.popLast() {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            let wd = inotify_add_watch(fd, path, mask)
            guard wd >= 0 else {
                logger.warning("cannot watch \(path) for changes: \(String(cString: strerror(errno)))")
                continue
            }
            watches[wd] = path
            // The root's other folders (state, demo data) are not configuration.
            guard path != directory else { continue }
            for entry in (try? fileManager.contentsOfDirectory(atPath: path)) ?? [] where !entry.hasPrefix(".") {
                pending.append((path as NSString).appendingPathComponent(entry))
            }
        }
        return watches
    }

    /// Whether a batch of inotify events touches configuration.
    private func relevant(_ bytes: ArraySlice<UInt8>, folders: [Int32: String]) -> Bool {
        var offset = bytes.startIndex
        var found = false
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= bytes.endIndex {
            let (wd, mask, length) = bytes.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                let base = offset - bytes.startIndex
                return (
                    raw.loadUnaligned(fromByteOffset: base, as: Int32.self),
                    raw.loadUnaligned(fromByteOffset: base + 4, as: UInt32.self),
                    Int(raw.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self))
                )
            }
            let nameBytes = bytes[(offset + header)..<min(bytes.endIndex, offset + header + length)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 || mask & UInt32(IN_DELETE_SELF) != 0 {
                found = true
                continue
            }
            guard let folder = folders[wd], !Self.isScratch(name) else { continue }
            if folder == directory {
                if Self.watchedFolders.contains(name) { found = true }
            } else {
                found = true
            }
        }
        return found
    }

    /// Editors' and tools' temporary files, which never hold configuration.
    static func isScratch(_ name: String) -> Bool {
        name.isEmpty || name.hasPrefix(".") || name.hasPrefix("#") || name.hasSuffix("~") || name == "4913"
            || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig"].contains { name.hasSuffix($0) }
    }
}
