/// The children of one route keyed by the value they require of one label, so an alert skips
/// children that cannot take it.
///
/// A child with an equality matcher `L = v` can only take alerts that have `v` among their values of
/// `L` (or, for `v` empty, no `L` at all), so it is filed under `v`; children without such a matcher
/// are always candidates. Candidates are returned in file order, which keeps first-match-wins and
/// `continue` exactly as in a plain walk.
struct ChildIndex: Sendable {
    let label: LabelName
    /// Child node indices per required value, ascending.
    let byValue: [String: [Int]]
    /// Children with no equality matcher on `label`, ascending.
    let unindexed: [Int]

    /// Fewer children than this are simply walked.
    static let minimumIndexed = 6

    /// The index for `children`, or nil when no label is shared by enough of them.
    static func build(children: [Int], of nodes: [RouteNode]) -> ChildIndex? {
        guard children.count >= minimumIndexed else { return nil }
        var counts: [LabelName: Int] = [:]
        for child in children {
            for name in Set(nodes[child].matchers.filter { $0.equalValue != nil }.map(\.name)) {
                counts[name, default: 0] += 1
            }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key.index > $1.key.index) }
        guard let best, best.value >= minimumIndexed else { return nil }
        var byValue: [String: [Int]] = [:]
        var unindexed: [Int] = []
        for child in children {
            if let value = nodes[child].matchers.first(where: { $0.name == best.key && $0.equalValue != nil })?
                .equalValue
            {
                byValue[value, default: []].append(child)
            } else {
                unindexed.append(child)
            }
        }
        return ChildIndex(label: best.key, byValue: byValue, unindexed: unindexed)
    }

    /// The children that could take an alert with these labels, ascending.
    func candidates(for labels: AlertLabels) -> [Int] {
        let values = labels.values(label)
        if values.count <= 1 {
            let found = byValue[values.first ?? ""] ?? []
            if unindexed.isEmpty { return found }
            if found.isEmpty { return unindexed }
            return merge(found, unindexed)
        }
        var result = unindexed
        for value in values {
            if let found = byValue[value] { result = merge(result, found) }
        }
        return result
    }

    /// Two ascending lists as one, without repeats.
    private func merge(_ a: [Int], _ b: [Int]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else if i == a.count || b[j] < a[i] {
                result.append(b[j])
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }
}
