import Testing

@testable import ChoreoModel

/// The seed's file, mutated at random: every variant either loads or yields errors with
/// positions inside the file. Never a crash, never a hang, never a half-load.
@Suite struct SeedMutationTests {
    /// SplitMix64: a small, seeded generator, so that every run tries the same inputs and a
    /// failure names the seed that reproduces it.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    /// Characters that matter to YAML or to expressions, and some that do not.
    static let alphabet = Array(":-[]{}'\"#&*!|>%@`,?$.()<=\\ \t\nax0_é\u{7}")

    static func mutate(_ lines: [String], using random: inout SplitMix64) -> String {
        var lines = lines
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            guard !lines.isEmpty else { break }
            let line = Int.random(in: 0..<lines.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0:
                lines.remove(at: line)
            case 1:
                lines.insert(lines[line], at: Int.random(in: 0...lines.count, using: &random))
            case 2:
                lines.swapAt(line, Int.random(in: 0..<lines.count, using: &random))
            case 3, 4:
                var characters = Array(lines[line])
                let character = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                if characters.isEmpty || Bool.random(using: &random) {
                    characters.insert(
                        character, at: Int.random(in: 0...characters.count, using: &random))
                } else {
                    characters[Int.random(in: 0..<characters.count, using: &random)] = character
                }
                lines[line] = String(characters)
            default:
                let text = lines.joined(separator: "\n")
                let cut = Int.random(in: 0...text.count, using: &random)
                lines = String(text.prefix(cut)).components(separatedBy: "\n")
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: [1, 2, 3, 4])
    func everyMutationLoadsOrFailsWithPositions(seed: UInt64) {
        let lines = Fixtures.seedText.components(separatedBy: "\n")
        var random = SplitMix64(state: seed)
        var loaded = 0
        for round in 0..<500 {
            let text = Self.mutate(lines, using: &random)
            let result = WorkflowLoader.loadResult(yaml: text, file: "mutant.yaml")
            let context = "seed \(seed), round \(round):\n\(text)"
            if result.definition != nil {
                loaded += 1
                #expect(result.errors.isEmpty, "\(context)")
                continue
            }
            #expect(!result.errors.isEmpty, "no error and no definition; \(context)")
            let fileLines = Diagnostic.lines(of: result.source)
            for diagnostic in result.diagnostics {
                let line = diagnostic.location.line
                let inside =
                    line >= 1 && line <= fileLines.count
                    && diagnostic.location.column >= 1
                    && diagnostic.location.column <= fileLines[line - 1].unicodeScalars.count + 1
                #expect(inside, "\(diagnostic) is outside the file; \(context)")
            }
        }
        // Most single mutations break something, but not all: both outcomes are exercised.
        #expect(loaded > 0 && loaded < 500)
    }
}
