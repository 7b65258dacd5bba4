import Testing

@testable import ChoreoModel

/// Diagnostics print as `file:line:column: severity: message`, then the line and a caret.
@Suite struct DiagnosticRenderingTests {
    @Test func renderedShowsTheLineAndACaretUnderTheColumn() {
        let diagnostic = Diagnostic(
            .error, file: "w.yaml", at: SourceLocation(line: 2, column: 5), "bad")
        #expect(
            diagnostic.rendered(source: "a: 1\nb:\tx\n") == "w.yaml:2:5: error: bad\nb: x\n    ^")
    }

    @Test func linesSplitAtEveryKindOfLineBreak() {
        #expect(Diagnostic.lines(of: "a\r\nb\rc\nd") == ["a", "b", "c", "d"])
        #expect(Diagnostic.lines(of: "a\n") == ["a", ""])
        let diagnostic = Diagnostic(
            .warning, file: "w.yaml", at: SourceLocation(line: 2, column: 1), "w")
        #expect(diagnostic.rendered(source: "x\r\ny\r\n") == "w.yaml:2:1: warning: w\ny\n^")
    }

    @Test func aLocationOutsideTheSourceRendersWithoutALine() {
        let diagnostic = Diagnostic(
            .error, file: "w.yaml", at: SourceLocation(line: 9, column: 1), "gone")
        #expect(diagnostic.rendered(source: "a\n") == "w.yaml:9:1: error: gone")
    }

    @Test func loadDiagnosticsAreSortedAndCarryTheFile() {
        let result = WorkflowLoader.loadResult(
            yaml: "name: x\nsteps:\n  - {team: t}\n  - {action: a}\n", file: "w.yaml")
        #expect(
            result.diagnostics.map(\.description) == [
                "w.yaml:3:5: error: task step needs 'action'",
                "w.yaml:4:5: error: task step needs 'team'",
            ])
        #expect(result.definition == nil)
    }

    @Test func suggestionsPreferTheClosestNameAndTheEarlierOnATie() {
        #expect(Suggestions.closest(to: "teem", among: ["team", "time"]) == "team")
        #expect(Suggestions.closest(to: "stat", among: ["id", "status", "history"]) == "status")
        #expect(Suggestions.closest(to: "zzzzzz", among: ["team"]) == nil)
        #expect(Suggestions.list(["a", "b", "c"]) == "a, b or c")
    }
}
