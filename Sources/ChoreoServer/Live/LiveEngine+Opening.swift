import ChoreoStore

extension LiveEngine {
    /// Why a live engine cannot open its database.
    public enum OpeningError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The database cannot be used (see `SQLiteStoreError`).
        case database(SQLiteStoreError)
        /// `file` changed workflow `name` without a new `version:` since instances of it were
        /// stored: they must go on with the definition they started with.
        case changedWorkflow(name: String, version: String, file: String, database: String)

        public var description: String {
            switch self {
            case .database(let error):
                return error.description
            case .changedWorkflow(let name, let version, let file, let database):
                return "\(file): workflow '\(name)' version \(version) differs from the one "
                    + "\(database) holds for its instances; give the changed workflow a new "
                    + "'version:' (instances already started keep theirs)"
            }
        }
    }
}
