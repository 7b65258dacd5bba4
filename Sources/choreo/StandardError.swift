import Foundation

/// Writing diagnostics to standard error, where compilers and editors expect them.
enum StandardError {
    static func print(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

extension StandardError {
    /// Writes `text` as it is, without a newline (progress bars redraw one line).
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
