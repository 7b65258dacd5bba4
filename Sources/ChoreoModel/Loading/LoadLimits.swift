/// The bounds every load stays within, each reported as a clear error when crossed
/// (TigerBeetle: "put a limit on everything").
public enum LoadLimits {
    /// The largest file read: 4 MiB.
    public static let maximumFileBytes = 4 * 1024 * 1024
    /// The most steps a workflow may hold, handler steps included.
    public static let maximumSteps = 10_000
    /// The most YAML nodes the loader visits. Aliases are expanded as they are walked, so
    /// this is what stops a "billion laughs" document, after at most this much work.
    public static let maximumNodeVisits = 1_000_000
    /// The deepest a YAML document may nest (mappings and lists), counted after alias
    /// expansion, so that building the definition cannot exhaust the stack.
    public static let maximumYAMLDepth = 100
    /// The most errors reported for one file; the rest are counted in a final message.
    public static let maximumErrors = 500
    /// The deepest an expression may nest.
    public static var maximumExpressionDepth: Int { ExpressionParser.maximumDepth }
}
