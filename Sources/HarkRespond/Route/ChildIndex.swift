/// The children of one route filed by the value they require of a label, so an alert only tests
/// the children that could take it.
///
/// A child with an equality matcher `L = v` can only take alerts that have `v` among their values of
/// `L` (or, for `v` empty, no `L` at all), so it is filed under `(L, v)`, choosing for `L` the label
/// most of its siblings match on (`topic` beside `topic` routes, `connector` beside `connector`
/// routes). Children with no equality matcher are always candidates. Candidates are returned in file
/// order, which keeps first-match-wins and `continue` exactly as in a plain walk.
struct ChildIndex: Sendable {
    /// Per indexed label, child node indices per required value, ascending.
    let byLabel: [(label: LabelName, byValue: [String: [Int]])]
    /// Children with no equality matcher, ascending.
    let unindexed: [Int]

    /// Fewer children than this are simply walked.
    static let minimumChildren = 6

    /// The index for `children`, or nil when too few of them are worth filing.
    static func build(children: [Int], of nodes: [RouteNode]) -> ChildIndex? {
        guard children.count >= minimumChildren else { return nil }
        var counts: [LabelName: Int] = [:]
        for child in children {
            for name in Set(nodes[child].matchers.filter { $0.equalValue != nil }.map(\.name)) {
                counts[name, default: 0] += 1
            }
        }
        var files: [LabelName: [String: [Int]]] = [:]
        var unindexed: [Int] = []
        for child in children {
            let equalities = nodes[child].matchers.filter { $0.equalValue != nil }
            let best = equalities.max { a, b in
                let (countA, countB) = (counts[a.name] ?? 0, counts[b.name] ?? 0)
                return countA < countB || (countA == countB && a.name.index > b.name.index)
            }
            if let best, let value = best.equalValue {
                files[best.name, default: [:]][value, default: []].append(child)
            } else {
                unindexed.append(child)
            }
        }
        guard unindexed.count < children.count else { return nil }
        let byLabel = files.sorted { $0.key.index < $1.key.index }.map { (label: $0.key, byValue: $0.value) }
        return ChildIndex(byLabel: byLabel, unindexed: unindexed)
    }

    /// The children that could take an alert with these labels, ascending.
    func candidates(for labels: AlertLabels) -> [Int] {
        var result = unindexed
        var sorted = true
        for (label, byValue) in byLabel {
            let values = labels.values(label)
            if values.isEmpty {
                if let found = byValue[""] { append(found, to: &result, sorted: &sorted) }
            } else {
                for value in values {
                    if let found = byValue[value] { append(found, to: &result, sorted: &sorted) }
                }
            }
        }
        if !sorted { result.sort() }
        return result
    }

    /// Appends `found` (ascending, disjoint from `result`: each child is filed once, and a child's
    /// values under one label are distinct) and notes whether order survived.
    private func append(_ found: [Int], to result: inout [Int], sorted: inout Bool) {
        if let last = result.last, let first = found.first, first < last { sorted = false }
        result.append(contentsOf: found)
    }
}
