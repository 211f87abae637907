/// Why the migration runner refused to go on.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// A file that was applied has since been edited: the schema no longer matches its source.
    case changedAfterApplying(name: String)
    /// The database has a migration this binary does not know: it was migrated by a newer version.
    case unknownApplied(version: Int)

    public var description: String {
        switch self {
        case .changedAfterApplying(let name):
            "migration \(name) was changed after it was applied; restore it and add a new migration instead"
        case .unknownApplied(let version):
            "the database has migration \(version), which this binary does not know; it was migrated by a newer clerk-mirror"
        }
    }
}
