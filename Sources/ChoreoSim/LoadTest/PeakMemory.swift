#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's resident memory, from `/proc/self/status` (Linux).
public enum PeakMemory {
    /// The peak resident set size in bytes (`VmHWM` of `/proc/self/status`), or `nil`
    /// where there is no such file.
    public static func residentBytes() -> Int? {
        statusField("VmHWM:")
    }

    /// The resident set size now in bytes (`VmRSS`), or `nil` where there is no such file.
    public static func currentResidentBytes() -> Int? {
        statusField("VmRSS:")
    }

    private static func statusField(_ field: String) -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        // /proc/self/status has about 60 lines; the bound keeps a strange file harmless.
        for _ in 0..<200 {
            guard fgets(&line, Int32(line.count), file) != nil else { return nil }
            let text = String(
                decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix(field) else { continue }
            let digits = text.dropFirst(field.count).filter(\.isNumber)
            return Int(digits).map { $0 * 1_024 }
        }
        return nil
    }
}
