import Yams

/// Composing the text into Yams `Node`s, with YAML's own errors turned into diagnostics
/// and the node budget enforced before anything walks the tree.
extension LoadSession {
    /// The root node of `text`, checked before and after composing: the size limit, the
    /// prescan's refusals, YAML syntax and the node budget. `nil` with every problem
    /// reported.
    package func document(_ text: String) -> Node? {
        guard SourceChecks.checkSize(text, session: self) else { return nil }
        var prescan = YAMLPrescan(source: source)
        prescan.run()
        for problem in prescan.problems { error(problem.message, at: problem.location) }
        guard prescan.problems.isEmpty, let root = compose(text), withinBudget(root) else {
            return nil
        }
        return root
    }

    /// The document's root node, or `nil` with the problem reported.
    func compose(_ text: String) -> Node? {
        do {
            // `.basic`: tags are resolved later, only where needed (see `Node.tagName`).
            guard let root = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                error("the file holds no YAML document, only blank lines or comments", at: .start)
                return nil
            }
            return root
        } catch let problem as YamlError {
            report(problem)
            return nil
        } catch {
            self.error("the YAML could not be read: \(error)", at: .start)
            return nil
        }
    }

    private func report(_ problem: YamlError) {
        switch problem {
        case .scanner(let context, let message, let mark, _),
            .parser(let context, let message, let mark, _),
            .composer(let context, let message, let mark, _):
            var text = "YAML syntax error: \(message)"
            if let context {
                text += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            error(text, at: SourceLocation(line: mark.line, column: mark.column))
        case .reader(let message, let offset, let value, let yaml):
            var location = SourceLocation.start
            if let offset,
                let index = yaml.index(yaml.startIndex, offsetBy: offset, limitedBy: yaml.endIndex)
            {
                let scalarOffset = yaml.unicodeScalars.distance(from: yaml.startIndex, to: index)
                location = source.location(ofOffset: scalarOffset)
            }
            let shown = value >= 0 ? " (U+\(String(value, radix: 16, uppercase: true)))" : ""
            error("the YAML reader refused the text: \(message)\(shown)", at: location)
        case .duplicatedKeysInMapping(let duplicates, let context):
            reportDuplicateKeys(duplicates, first: context.mark)
        default:
            error("the YAML could not be read: \(problem)", at: .start)
        }
    }

    /// Yams names the duplicated keys and the first one's mark; the diagnostic points at the
    /// second occurrence when it can be found (the next key at the same column, before the
    /// mapping ends), with a note of the first.
    private func reportDuplicateKeys(_ keys: [String], first mark: Mark) {
        let key = keys.first ?? ""
        let first = SourceLocation(line: mark.line, column: mark.column)
        let keyScalars = Array(key.unicodeScalars)
        var line = mark.line + 1
        while line <= source.lineCount {
            let text = Array(source.line(line))
            let indent = text.prefix { $0 == " " }.count
            if indent < text.count, text[indent] != "#" {
                if indent + 1 < mark.column { break }
                if indent + 1 == mark.column, text[indent...].starts(with: keyScalars) {
                    let rest = text[(indent + keyScalars.count)...].drop { $0 == " " }
                    if rest.first == ":" {
                        error(
                            "duplicate key '\(key)' (first at \(first))",
                            at: SourceLocation(line: line, column: indent + 1))
                        return
                    }
                }
            }
            line += 1
        }
        error("duplicate key '\(key)' in this mapping", at: first)
    }

    /// Walks the whole tree once, without recursion, counting nodes as aliases expand them:
    /// stops at `LoadLimits.maximumNodeVisits` nodes or `maximumYAMLDepth` levels. After
    /// this, the builders may recurse freely.
    func withinBudget(_ root: Node) -> Bool {
        var pending: [(node: Node, depth: Int)] = [(root, 1)]
        var visits = 0
        while let (node, depth) = pending.popLast() {
            visits += 1
            if visits > LoadLimits.maximumNodeVisits {
                error(
                    "the YAML expands to more than \(LoadLimits.maximumNodeVisits) nodes "
                        + "(are aliases nested inside each other?)", at: location(of: node))
                return false
            }
            if depth > LoadLimits.maximumYAMLDepth {
                error(
                    "YAML nests deeper than the limit of \(LoadLimits.maximumYAMLDepth) levels",
                    at: location(of: node))
                return false
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() {
                    pending.append((value, depth + 1))
                    pending.append((key, depth + 1))
                }
            case .sequence(let sequence):
                for item in sequence.reversed() { pending.append((item, depth + 1)) }
            case .scalar, .alias:
                break
            }
        }
        return true
    }
}
