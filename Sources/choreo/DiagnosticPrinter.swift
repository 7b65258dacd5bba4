import ArgumentParser
import ChoreoModel
import Foundation

/// Prints diagnostics to standard error with the offending line and a caret, reading each
/// diagnostic's own file (a scenario's diagnostics may point into its workflow).
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic], knownSources: [String: String] = [:]) {
        var sources = knownSources
        for diagnostic in diagnostics {
            if sources[diagnostic.file] == nil {
                sources[diagnostic.file] =
                    FileManager.default.contents(atPath: diagnostic.file)
                    .flatMap { String(bytes: $0, encoding: .utf8) } ?? ""
            }
            let lines = Diagnostic.lines(of: sources[diagnostic.file]!)
            let index = diagnostic.location.line - 1
            StandardError.print(
                diagnostic.rendered(line: lines.indices.contains(index) ? lines[index] : nil))
        }
    }
}

/// Command output written piece by piece, to a file created anew or to standard output:
/// a long output (a timeline of thousands of instances) is never held whole.
final class TextOutput {
    private let file: FileHandle?
    private let path: String?

    /// Creates (or empties) the file at `path`; standard output without one.
    init(to path: String?) throws {
        self.path = path
        guard let path else {
            file = nil
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            StandardError.print("error: cannot write \(path)")
            throw ExitCode(1)
        }
        file = handle
    }

    func write(_ text: String) throws {
        guard let file else {
            Swift.print(text, terminator: "")
            return
        }
        do {
            try file.write(contentsOf: Data(text.utf8))
        } catch {
            StandardError.print("error: cannot write \(path ?? "the output"): \(error)")
            throw ExitCode(1)
        }
    }

    func close() throws {
        do {
            try file?.close()
        } catch {
            StandardError.print("error: cannot write \(path ?? "the output"): \(error)")
            throw ExitCode(1)
        }
    }
}

/// Writes command output to a file or standard output, whole.
enum OutputWriter {
    static func write(_ text: String, to path: String?) throws {
        let output = try TextOutput(to: path)
        try output.write(text)
        try output.close()
    }
}
