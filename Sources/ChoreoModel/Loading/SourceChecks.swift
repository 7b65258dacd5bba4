/// Checks on the file as bytes and text, before YAML, and the final tidying of the
/// diagnostics.
package enum SourceChecks {
    /// Text, or the reason there is none.
    package enum Decoded {
        case success(String)
        case failure(Diagnostic)
    }

    /// The bytes as text: refused if the file is too large, empty, or not UTF-8 (pointing
    /// at the first bad byte's line and column).
    package static func decode(_ bytes: [UInt8], file: String) -> Decoded {
        if bytes.count > LoadLimits.maximumFileBytes {
            return .failure(Diagnostic(.error, file: file, at: .start, tooLarge))
        }
        if bytes.isEmpty {
            return .failure(Diagnostic(.error, file: file, at: .start, "the file is empty"))
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        var text = String.UnicodeScalarView()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                text.append(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                break decoding
            case .error:
                let location = SourceLocation(line: line, column: column)
                return .failure(
                    Diagnostic(
                        .error, file: file, at: location, "the file is not valid UTF-8 text here"))
            }
        }
        return .success(String(text))
    }

    /// `text` without a leading byte-order mark, which is not part of the text: libyaml
    /// would not count it in columns.
    package static func withoutByteOrderMark(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }

    static let tooLarge =
        "the file is larger than the limit of \(LoadLimits.maximumFileBytes / 1024 / 1024) MiB"

    /// Size and emptiness of text that did not come from bytes.
    static func checkSize(_ text: String, session: LoadSession) -> Bool {
        if text.utf8.count > LoadLimits.maximumFileBytes {
            session.error(tooLarge, at: .start)
            return false
        }
        if text.isEmpty {
            session.error("the file is empty", at: .start)
            return false
        }
        return true
    }

    /// Sorted by position, moved inside the file where a position was past its end (libyaml
    /// reports some problems one line past the last), and cut at `maximumErrors` errors.
    package static func finish(_ list: DiagnosticList, source: SourceText) -> [Diagnostic] {
        var diagnostics = list.items.map { diagnostic in
            var clamped = diagnostic
            clamped.location = source.clamped(diagnostic.location)
            return clamped
        }
        diagnostics = DiagnosticList.sorting(diagnostics)
        let errorCount = diagnostics.count { $0.severity == .error }
        guard errorCount > LoadLimits.maximumErrors else { return diagnostics }
        var kept: [Diagnostic] = []
        var errors = 0
        for diagnostic in diagnostics {
            if diagnostic.severity == .error {
                errors += 1
                if errors > LoadLimits.maximumErrors { continue }
            }
            kept.append(diagnostic)
        }
        let last = kept.last?.location ?? .start
        kept.append(
            Diagnostic(
                .error, file: list.file, at: last,
                "too many errors: \(errorCount) found, the first \(LoadLimits.maximumErrors) shown")
        )
        return kept
    }
}
