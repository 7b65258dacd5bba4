import Foundation
import Testing

@testable import ChoreoModel

/// Every limit is a clear error, never a crash, a hang or a blow-up in memory.
@Suite struct LoadLimitTests {
    func errors(bytes: [UInt8]) -> [String] {
        WorkflowLoader.loadResult(bytes: bytes, file: "test.yaml").errors.map {
            "\($0.location): \($0.message)"
        }
    }

    @Test func filesLargerThanFourMebibytesAreRefused() {
        let big = "name: x\n" + String(repeating: "#", count: LoadLimits.maximumFileBytes)
        #expect(
            errors(bytes: Array(big.utf8)) == ["1:1: the file is larger than the limit of 4 MiB"])
        #expect(Fixtures.errors(big) == ["1:1: the file is larger than the limit of 4 MiB"])
    }

    @Test func oversizedFilesOnDiskAreNotReadWhole() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("choreo-large-\(UUID().uuidString).yaml").path
        let data = Data(repeating: UInt8(ascii: "#"), count: LoadLimits.maximumFileBytes + 10)
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = WorkflowLoader.loadResult(path: path)
        #expect(result.errors.map(\.message) == ["the file is larger than the limit of 4 MiB"])
    }

    @Test func missingFilesAreAnErrorNotACrash() {
        let result = WorkflowLoader.loadResult(path: "/nonexistent/choreo/workflow.yaml")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix("cannot read the file") == true)
    }

    @Test func emptyFilesAndFilesOfCommentsAreRefused() {
        #expect(errors(bytes: []) == ["1:1: the file is empty"])
        #expect(Fixtures.errors("") == ["1:1: the file is empty"])
        #expect(
            Fixtures.errors("# nothing\n\n") == [
                "1:1: the file holds no YAML document, only blank lines or comments"
            ])
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        var bytes = Array("name: x\nsteps:\n  - team: caf".utf8)
        bytes += [0xC3, 0x28]
        #expect(errors(bytes: bytes) == ["3:14: the file is not valid UTF-8 text here"])
        #expect(errors(bytes: [0xFF]) == ["1:1: the file is not valid UTF-8 text here"])
    }

    @Test func controlCharactersAreAYAMLError() {
        let errors = Fixtures.errors("name: x\u{0}\nsteps: []\n")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("1:8: the YAML reader refused the text") == true)
    }

    @Test func aByteOrderMarkAndWindowsLineEndingsChangeNothing() throws {
        let seed = Fixtures.seedText
        let plain = try WorkflowLoader.load(yaml: seed)
        let crlf = try WorkflowLoader.load(
            yaml: "\u{FEFF}" + seed.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(plain.steps == crlf.steps)
    }

    @Test func aBillionLaughsFailsFastOnTheNodeBudget() {
        var yaml = "name: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml +=
                "a\(level): &a\(level) ["
                + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "steps: *a9\n"
        let started = ContinuousClock.now
        let errors = Fixtures.errors(yaml)
        #expect(
            errors == [
                "2:13: the YAML expands to more than 1000000 nodes (are aliases nested inside each other?)"
            ])
        // A guard against expanding the aliases, which would take hours; not a speed target.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aliasesAsKeysAreRefusedBeforeComposing() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml +=
                "a\(level): &a\(level) ["
                + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(
            Fixtures.errors(yaml + "*a9 : 1\n") == [
                "11:1: a YAML alias cannot be used as a mapping key (if this is text, quote it)"
            ])
        #expect(
            Fixtures.errors(yaml + "x: {*a9 : 1}\n") == [
                "11:5: a YAML alias cannot be used as a mapping key (if this is text, quote it)"
            ])
        #expect(
            Fixtures.errors(yaml + "? *a9\n: 1\n") == [
                "11:1: explicit mapping keys ('? ') are not supported in workflow files"
            ])
    }

    @Test func aliasesAsValuesStillWork() throws {
        let yaml = """
            name: x
            defaults: &task {team: t, action: a}
            steps:
              - *task
            """
        #expect(Fixtures.errors(yaml) == ["2:1: unknown key 'defaults' in a workflow"])
        let shared =
            "name: x\nsteps:\n  - team: t\n    action: a\n    inputs: &common {k: 1}\n  - team: t\n    action: b\n    inputs: *common\n"
        #expect(try WorkflowLoader.load(yaml: shared).steps.count == 2)
    }

    @Test func deepNestingIsRefused() {
        let flow =
            "name: x\nsteps: " + String(repeating: "[", count: 500)
            + String(repeating: "]", count: 500) + "\n"
        #expect(Fixtures.errors(flow) == ["2:108: YAML nests deeper than the limit of 100 levels"])
        var block = "name: x\nsteps:\n"
        for level in 1...150 { block += String(repeating: "  ", count: level) + "- \n" }
        #expect(
            Fixtures.errors(block).first?.hasSuffix(
                "YAML nests deeper than the limit of 100 levels") == true)
        let libyamlLimit = "name: x\nsteps: " + String(repeating: "- ", count: 2_000) + "x\n"
        #expect(Fixtures.errors(libyamlLimit).count == 1)
    }

    @Test func expressionNestingIsLimitedAtItsPosition() {
        let deep = String(repeating: "(", count: 70) + "1" + String(repeating: ")", count: 70)
        let yaml = "name: x\nsteps:\n  - type: condition\n    condition: ${\(deep)}\n"
        #expect(
            Fixtures.errors(yaml) == ["4:82: expression nests deeper than the limit of 64 levels"])
    }

    @Test func moreThanTenThousandStepsAreRefused() {
        var yaml = "name: x\nsteps:\n"
        yaml.reserveCapacity(300_000)
        for _ in 0...LoadLimits.maximumSteps { yaml += "  - {team: t, action: a}\n" }
        #expect(
            Fixtures.errors(yaml) == [
                "10003:5: too many steps: a workflow may hold at most 10000, handler steps included"
            ])
    }

    @Test func errorsStopAfterFiveHundred() {
        var yaml = "name: x\nsteps:\n"
        for _ in 0..<600 { yaml += "  - {team: t}\n" }
        let errors = Fixtures.load(yaml).errors
        #expect(errors.count == LoadLimits.maximumErrors + 1)
        #expect(errors.last?.message == "too many errors: 600 found, the first 500 shown")
    }
}
