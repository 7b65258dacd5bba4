/// Step ids: written ids must be unique in the whole workflow (handler steps included);
/// a step without one gets `<parent-id>.<team>`, or `<parent-id>.<n>` (its 1-based
/// position among its siblings) where the team form would not be unique.
extension LoadSession {
    /// Reports duplicate written ids, then generates the missing ones in pre-order, so that
    /// a parent's id is final before its children's are made from it.
    func assignIdentifiers() {
        var taken: [String: Int] = [:]
        for (index, note) in stepNotes.enumerated() {
            guard let id = note.writtenID else { continue }
            if let first = taken[id] {
                error(
                    "duplicate step id '\(id)' (first used at \(stepNotes[first].idLocation))",
                    at: note.idLocation)
            } else {
                taken[id] = index
            }
        }
        let groups = siblingGroups()
        var position = [Int](repeating: 0, count: steps.count)
        // How many id-less siblings share each team, per group.
        var teamCounts: [SiblingGroup: [String: Int]] = [:]
        for (key, members) in groups {
            for (offset, member) in members.enumerated() { position[member] = offset + 1 }
            for member in members where stepNotes[member].writtenID == nil {
                if let team = steps[member].team {
                    teamCounts[key, default: [:]][team, default: 0] += 1
                }
            }
        }
        for index in steps.indices where stepNotes[index].writtenID == nil {
            let prefix = steps[index].parent.map { steps[$0].id } ?? stepNotes[index].topLevelPrefix
            var candidate = "\(prefix).\(position[index])"
            if let team = steps[index].team, teamCounts[groupKey(of: index)]?[team] == 1 {
                let teamForm = "\(prefix).\(team)"
                if taken[teamForm] == nil { candidate = teamForm }
            }
            if let other = taken[candidate] {
                error(
                    "the id '\(candidate)' generated for this step is already used by the step at "
                        + "\(steps[other].location); give this step an 'id'",
                    at: steps[index].location)
            } else {
                taken[candidate] = index
            }
            steps[index].id = candidate
            steps[index].hasGeneratedID = true
        }
    }

    /// Which steps share a parent: the parent's index, or for the top of the body and of
    /// each handler, the prefix their generated ids start with.
    enum SiblingGroup: Hashable {
        case parent(Int)
        case top(String)
    }

    func groupKey(of index: Int) -> SiblingGroup {
        steps[index].parent.map(SiblingGroup.parent) ?? .top(stepNotes[index].topLevelPrefix)
    }

    /// Every group's members in arena (pre-)order.
    private func siblingGroups() -> [SiblingGroup: [Int]] {
        var groups: [SiblingGroup: [Int]] = [:]
        for index in steps.indices { groups[groupKey(of: index), default: []].append(index) }
        return groups
    }
}
