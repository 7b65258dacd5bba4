import Foundation

/// Writing diagnostics to standard error, where compilers and editors expect them.
enum StandardError {
    static func print(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
