import Foundation
public import HarkCore
public import HarkLearn

/// Labels a batch of mentions on every core, keeping their order.
///
/// Labelling is pure and independent per mention, so it is the part of processing that scales with
/// cores; what follows (`Pipeline`) is ordered and runs on one task.
public enum BatchLabeller {
    /// Labels and demand for each mention, in order. Small batches stay on the calling task, where
    /// spreading them would cost more than it saves.
    public static func label(
        _ mentions: [Mention], with classifier: Classifier
    ) async -> [(labels: Labels, demand: DemandResult?)] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard mentions.count > 32, cores > 1 else { return labelled(mentions[...], with: classifier) }
        // A few chunks per core so one very long text does not leave the other cores idle.
        let chunkSize = max(8, mentions.count / (cores * 4))
        let chunks = stride(from: 0, to: mentions.count, by: chunkSize).map { $0..<min($0 + chunkSize, mentions.count) }
        return await withTaskGroup(of: (Int, [(labels: Labels, demand: DemandResult?)]).self) { group in
            for (index, range) in chunks.enumerated() {
                group.addTask { (index, labelled(mentions[range], with: classifier)) }
            }
            var parts = [[(labels: Labels, demand: DemandResult?)]](repeating: [], count: chunks.count)
            for await (index, part) in group { parts[index] = part }
            return parts.flatMap { $0 }
        }
    }

    /// One task's share, a cache-sized batch at a time (see `Classifier.labelsAndDemand(batch:)`).
    private static func labelled(
        _ mentions: ArraySlice<Mention>, with classifier: Classifier
    ) -> [(labels: Labels, demand: DemandResult?)] {
        var result: [(labels: Labels, demand: DemandResult?)] = []
        result.reserveCapacity(mentions.count)
        for start in stride(from: mentions.startIndex, to: mentions.endIndex, by: 128) {
            result += classifier.labelsAndDemand(batch: Array(mentions[start..<min(start + 128, mentions.endIndex)]))
        }
        return result
    }
}
