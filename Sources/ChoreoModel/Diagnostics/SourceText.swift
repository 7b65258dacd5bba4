/// A file's text as Unicode scalars with the start of every line, so that a line and column
/// (libyaml's: 1-based, columns in scalars) can be turned into an offset and back.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as libyaml counts them.
package struct SourceText: Sendable {
    let scalars: [Unicode.Scalar]
    /// Offset of the first scalar of each line; never empty.
    let lineStarts: [Int]

    /// The text, split into lines.
    package init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        var offset = 0
        while offset < scalars.count {
            let scalar = scalars[offset]
            offset += 1
            if scalar == "\r", offset < scalars.count, scalars[offset] == "\n" { offset += 1 }
            if scalar == "\n" || scalar == "\r" { starts.append(offset) }
        }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// The scalars of line `line` (1-based) without its line break; empty when out of range.
    func line(_ line: Int) -> ArraySlice<Unicode.Scalar> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : scalars.count
        while end > start, scalars[end - 1] == "\n" || scalars[end - 1] == "\r" { end -= 1 }
        return scalars[start..<end]
    }

    /// The offset of a location, clamped into the file.
    func offset(of location: SourceLocation) -> Int {
        let line = min(max(location.line, 1), lineStarts.count)
        let start = lineStarts[line - 1]
        let length = self.line(line).count
        return start + min(max(location.column - 1, 0), length)
    }

    /// The location of an offset, clamped into the file.
    func location(ofOffset offset: Int) -> SourceLocation {
        let offset = min(max(offset, 0), scalars.count)
        // The last line start at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1)
    }

    /// `location` moved to the nearest position that exists in the file: a line between the
    /// first and the last, a column at most one past the end of that line.
    /// The empty line after a final line break counts as the end of the line before it,
    /// where libyaml's "end of file" problems belong.
    func clamped(_ location: SourceLocation) -> SourceLocation {
        var line = min(max(location.line, 1), lineStarts.count)
        if line == lineStarts.count, line > 1, self.line(line).isEmpty {
            line -= 1
            return SourceLocation(line: line, column: self.line(line).count + 1)
        }
        let column = min(max(location.column, 1), self.line(line).count + 1)
        return SourceLocation(line: line, column: column)
    }
}
