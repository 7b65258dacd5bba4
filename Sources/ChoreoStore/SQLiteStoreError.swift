/// Why a database cannot be used as a Choreo store. Opening never overwrites a file it
/// refuses.
public enum SQLiteStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// There is no database at the path (no file, or an empty one), and none was to be made.
    case missing(path: String)
    /// The file is not an SQLite database, or one that another program made.
    case notAChoreoDatabase(path: String, reason: String)
    /// The file is a damaged database.
    case corrupt(path: String, detail: String)
    /// A newer Choreo wrote the database.
    case newerSchema(path: String, found: Int, supported: Int)
    /// An instance's workflow is neither registered nor stored in the database.
    case unknownWorkflow(path: String, definition: String)
    /// A stored instance cannot be rebuilt.
    case unreadableInstance(path: String, instance: String, detail: String)
    /// SQLite refused an operation.
    case database(path: String, detail: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "there is no Choreo database at \(path)"
        case .notAChoreoDatabase(let path, let reason):
            return "\(path) is not a Choreo database (\(reason)); it was left untouched"
        case .corrupt(let path, let detail):
            return "\(path) is a damaged database (\(detail)); it was left untouched"
        case .newerSchema(let path, let found, let supported):
            return "\(path) has Choreo schema version \(found), newer than the \(supported) "
                + "this choreo reads; use a newer choreo (the file was left untouched)"
        case .unknownWorkflow(let path, let definition):
            return "\(path): workflow definition '\(definition)' is neither registered nor stored"
        case .unreadableInstance(let path, let instance, let detail):
            return "\(path): instance \(instance) cannot be restored: \(detail)"
        case .database(let path, let detail):
            return "\(path): \(detail)"
        }
    }
}
