/// A look at the raw text before Yams composes it, for the few shapes that would make
/// composing itself blow up.
///
/// Yams checks every mapping for duplicate keys by hashing the keys, and a key's hash
/// walks the whole key. An alias used as a key (`*big : x`, or inside a `? ` explicit key)
/// would make that walk as large as the alias's expansion: exponential for a "billion
/// laughs" document, before the loader's own node budget could stop it. Workflow files have
/// no use for either, so both are refused here, as is flow nesting (`[[[[…`) deeper than
/// `LoadLimits.maximumYAMLDepth`.
///
/// The scan is line-based and conservative: it skips comments, quoted strings and block
/// scalar content, and treats `*name` and `?` as YAML does only where a token can start.
struct YAMLPrescan {
    let source: SourceText
    private(set) var problems: [(message: String, location: SourceLocation)] = []

    private var quote: Unicode.Scalar?
    private var blockParentIndent: Int?
    private var flowDepth = 0

    init(source: SourceText) {
        self.source = source
    }

    mutating func run() {
        for line in 1...source.lineCount {
            scan(line: line)
            if problems.count >= 20 { return }
        }
    }

    private mutating func scan(line number: Int) {
        let line = Array(source.line(number))
        let indent = line.prefix { $0 == " " }.count
        if let parent = blockParentIndent {
            if indent == line.count || indent > parent { return }
            blockParentIndent = nil
        }
        var alias: Int?
        var position = 0
        while position < line.count {
            let scalar = line[position]
            let next: Unicode.Scalar = position + 1 < line.count ? line[position + 1] : " "
            if let open = quote {
                if open == "\"", scalar == "\\" {
                    position += 2
                    continue
                }
                if scalar == open { quote = nil }
                position += 1
                continue
            }
            let previous: Unicode.Scalar = position > 0 ? line[position - 1] : " "
            let atTokenStart = YAMLPrescan.isBlank(previous) || YAMLPrescan.isFlowOpener(previous)
            switch scalar {
            case "#" where YAMLPrescan.isBlank(previous):
                return
            case "'" where atTokenStart, "\"" where atTokenStart:
                quote = scalar
            case "[" where atTokenStart, "{" where atTokenStart:
                flowDepth += 1
                alias = nil
                if flowDepth > LoadLimits.maximumYAMLDepth {
                    report(
                        "YAML nests deeper than the limit of \(LoadLimits.maximumYAMLDepth) levels",
                        line: number, offset: position)
                    return
                }
            case "]", "}":
                flowDepth = max(0, flowDepth - 1)
            case ",":
                alias = nil
            case "*"
            where atTokenStart && !YAMLPrescan.isBlank(next) && !YAMLPrescan.isFlowIndicator(next):
                alias = alias ?? position
            case "?" where YAMLPrescan.isBlank(next) && isFirstToken(line, position):
                report(
                    "explicit mapping keys ('? ') are not supported in workflow files",
                    line: number, offset: position)
            case ":"
            where YAMLPrescan.isBlank(next) || (flowDepth > 0 && YAMLPrescan.isFlowIndicator(next)):
                if let start = alias {
                    report(
                        "a YAML alias cannot be used as a mapping key (if this is text, quote it)",
                        line: number, offset: start)
                }
                alias = nil
            case "|" where atTokenStart && isBlockHeader(line, position),
                ">" where atTokenStart && isBlockHeader(line, position):
                blockParentIndent = line.firstIndex { $0 != " " && $0 != "-" } ?? indent
                return
            default:
                break
            }
            position += 1
        }
    }

    /// Whether `position` is the first token of the line (after indentation and `- `
    /// sequence markers) or directly follows a flow indicator.
    private func isFirstToken(_ line: [Unicode.Scalar], _ position: Int) -> Bool {
        let before = line[..<position].filter { !YAMLPrescan.isBlank($0) }
        if before.allSatisfy({ $0 == "-" }) { return true }
        return flowDepth > 0 && YAMLPrescan.isFlowOpener(before.last ?? " ")
    }

    /// Whether a `|` or `>` starts a block scalar: only indicators and a comment follow it.
    private func isBlockHeader(_ line: [Unicode.Scalar], _ position: Int) -> Bool {
        var index = position + 1
        while index < line.count, "+-0123456789".unicodeScalars.contains(line[index]) { index += 1 }
        let rest = line[index...].drop { YAMLPrescan.isBlank($0) }
        return rest.first == nil || rest.first == "#"
    }

    private mutating func report(_ message: String, line: Int, offset: Int) {
        problems.append((message, SourceLocation(line: line, column: offset + 1)))
    }

    /// `[`, `{` or `,`: after these a new flow token starts.
    private static func isFlowOpener(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "[" || scalar == "{" || scalar == ","
    }

    private static func isFlowIndicator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", "[", "]", "{", "}": return true
        default: return false
        }
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }
}
