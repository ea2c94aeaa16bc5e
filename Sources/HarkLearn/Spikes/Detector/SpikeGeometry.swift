/// How a rule's window and baseline are cut into buckets.
///
/// The window is `windowBuckets` fine buckets (about 30: a 30-minute window counts per minute), so a
/// sliding window moves in steps of a thirtieth of its length. The baseline uses coarse buckets, a
/// whole number of fine ones, about 336 per baseline (half an hour for 7 days), so a rule keeps well
/// under 400 counters per group whatever its durations. Counts reach the coarse ring only when their
/// fine bucket leaves the window, so the boundary between window and baseline is exact; only the far
/// edge of the baseline is rounded to a coarse bucket, and the expected count divides by the span
/// actually summed.
struct SpikeGeometry: Codable, Hashable, Sendable {
    /// Fine bucket width in milliseconds.
    let fineWidth: Int64
    /// Fine buckets in the window.
    let windowBuckets: Int
    /// Coarse bucket width in milliseconds, a multiple of `fineWidth`.
    let coarseWidth: Int64
    /// Coarse buckets kept: the baseline plus the bucket the window's start cuts.
    let coarseBuckets: Int
    /// The baseline's length in milliseconds.
    let baseline: Int64

    static let targetWindowBuckets: Int64 = 30
    static let targetBaselineBuckets: Int64 = 336

    init(window: Duration, baseline: Duration) {
        let windowMilliseconds = max(1000, Self.milliseconds(window))
        let baselineMilliseconds = max(windowMilliseconds, Self.milliseconds(baseline))
        let fine = max(1000, windowMilliseconds / Self.targetWindowBuckets)
        fineWidth = fine
        windowBuckets = Int((windowMilliseconds + fine - 1) / fine)
        let perCoarse = max(1, (baselineMilliseconds / Self.targetBaselineBuckets) / fine)
        coarseWidth = fine * perCoarse
        coarseBuckets = Int((baselineMilliseconds + coarseWidth - 1) / coarseWidth) + 1
        self.baseline = baselineMilliseconds
    }

    /// The window's length as counted: whole fine buckets.
    var windowLength: Int64 { fineWidth * Int64(windowBuckets) }

    /// The fine bucket holding event time `time`.
    func fineBucket(of time: Int64) -> Int64 { Self.floorDivide(time, fineWidth) }

    /// The coarse bucket holding fine bucket `fine`.
    func coarseBucket(ofFine fine: Int64) -> Int64 { Self.floorDivide(fine * fineWidth, coarseWidth) }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
