import CSQLite

/// SQLite result codes that the store branches on (https://sqlite.org/rescode.html).
/// Primary codes are the low 8 bits of an extended code.
struct SQLiteResultCode {
    static let ok: Int32 = 0
    static let error: Int32 = 1
    static let busy: Int32 = 5
    static let locked: Int32 = 6
    static let readOnly: Int32 = 8
    static let ioError: Int32 = 10
    static let corrupt: Int32 = 11
    static let full: Int32 = 13
    static let cantOpen: Int32 = 14
    static let constraint: Int32 = 19
    static let notADatabase: Int32 = 26
    static let row: Int32 = 100
    static let done: Int32 = 101

    static let constraintPrimaryKey: Int32 = 1555 // SQLITE_CONSTRAINT | (6<<8)
    static let constraintUnique: Int32 = 2067 // SQLITE_CONSTRAINT | (8<<8)

    /// The dialect-neutral kind of an extended result code.
    static func kind(of extendedCode: Int32) -> DatabaseError.Kind {
        if extendedCode == constraintUnique || extendedCode == constraintPrimaryKey { return .uniqueViolation }
        switch extendedCode & 0xFF {
        case constraint: return .constraintViolation
        case busy, locked: return .busy
        case full: return .storageFull
        case cantOpen, notADatabase, corrupt, ioError, readOnly: return .connectionFailed
        case error: return .invalidStatement
        default: return .other
        }
    }
}

/// `SQLITE_TRANSIENT`: a C macro Swift cannot import; tells SQLite to copy bound bytes at once.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
