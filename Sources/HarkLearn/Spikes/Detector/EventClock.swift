/// The detector's sense of "now": the watermark (the latest event time accepted) and how far back
/// observation goes, both in milliseconds since 1970.
///
/// Detection runs on event time so that replaying history gives the alerts that running live gave.
/// Event times come from the outside world, though, and some are wrong: a post dated 2062, a feed
/// that republishes a five-year-old item. The clock decides what time each mention counts at:
///
/// - **Too far ahead.** With the time the mention was received (live), anything more than
///   `maxFutureSkew` after it is counted at the receive time. Without one (replay), anything more
///   than `maxJump` after the watermark is counted at the watermark, so one bad date cannot expire
///   every window at once; but `futureConfirmations` such mentions in a row are taken as the
///   stream really moving on (a gap in the history), and the watermark jumps.
/// - **Too far behind.** A mention older than the watermark by more than the longest window plus
///   baseline of any rule is not counted: it falls before everything the detector keeps, and
///   counting it "now" would turn every backfill (a connector's first fetch of old reviews) into a
///   surge. Older mentions inside that horizon count in the bucket they belong to.
struct EventClock: Codable, Hashable, Sendable {
    /// The latest event time accepted; nil before the first.
    private(set) var watermark: Int64?
    /// The earliest event time accepted: history before it was never seen, so it is not "quiet".
    private(set) var observedSince: Int64?
    /// Far-future mentions seen in a row without a receive time.
    private var pendingJumps = 0

    /// What the clock made of one event time.
    enum Placement: Equatable {
        case accepted(Int64)
        case clamped(original: Int64, used: Int64)
        case tooOld(Int64)
    }

    /// Places a mention published at `time`, received at `receivedAt` when known.
    mutating func place(
        _ time: Int64, receivedAt: Int64?, horizon: Int64, options: SpikeDetector.Options
    ) -> Placement {
        if let receivedAt, time > receivedAt + SpikeGeometry.milliseconds(options.maxFutureSkew) {
            let used = max(watermark ?? receivedAt, receivedAt)
            accept(used)
            return .clamped(original: time, used: used)
        }
        guard let current = watermark else {
            accept(time)
            return .accepted(time)
        }
        if receivedAt == nil, time > current + SpikeGeometry.milliseconds(options.maxJump) {
            pendingJumps += 1
            if pendingJumps < options.futureConfirmations {
                return .clamped(original: time, used: current)
            }
        }
        pendingJumps = 0
        if time < current - horizon { return .tooOld(time) }
        accept(time)
        return .accepted(time)
    }

    /// Moves the watermark to `time` when that is later (live: the wall clock passing).
    mutating func advance(to time: Int64) {
        if watermark == nil || time > watermark! { accept(time) }
    }

    private mutating func accept(_ time: Int64) {
        watermark = max(watermark ?? time, time)
        observedSince = min(observedSince ?? time, time)
    }
}
