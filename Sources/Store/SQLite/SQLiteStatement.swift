import CSQLite

/// A prepared statement, finalized when the last reference goes. Not `Sendable`: it belongs to
/// its connection's queue.
final class SQLiteStatement {
    let handle: OpaquePointer
    let columnNames: [String]

    init(handle: OpaquePointer) {
        self.handle = handle
        let count = sqlite3_column_count(handle)
        columnNames = (0..<count).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Clears the previous run's state so the statement can be used again.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `arguments` to parameters 1...n; returns the first failing result code or `SQLITE_OK`.
    func bind(_ arguments: [SQLValue]) -> Int32 {
        for (offset, value) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case .integer(let number):
                code = sqlite3_bind_int64(handle, index, number)
            case .real(let number):
                code = sqlite3_bind_double(handle, index, number)
            case .text(var text):
                // withUTF8 may hand an empty string a nil base address, which SQLite would
                // bind as NULL; an empty literal keeps '' distinct from NULL.
                code = text.withUTF8 { buffer in
                    guard let base = buffer.baseAddress, buffer.count > 0 else {
                        return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        sqlite3_bind_text64(handle, index, $0, UInt64(buffer.count), sqliteTransient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    guard let base = buffer.baseAddress, buffer.count > 0 else {
                        return sqlite3_bind_zeroblob(handle, index, 0)
                    }
                    return sqlite3_bind_blob64(handle, index, base, UInt64(buffer.count), sqliteTransient)
                }
            }
            if code != SQLiteResultCode.ok { return code }
        }
        return SQLiteResultCode.ok
    }

    /// The current row's values, converted by the storage class SQLite reports for each.
    func currentRow() -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(columnNames.count)
        for column in 0..<Int32(columnNames.count) {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER:
                values.append(.integer(sqlite3_column_int64(handle, column)))
            case SQLITE_FLOAT:
                values.append(.real(sqlite3_column_double(handle, column)))
            case SQLITE_TEXT:
                let count = Int(sqlite3_column_bytes(handle, column))
                guard let pointer = sqlite3_column_text(handle, column) else {
                    values.append(.text(""))
                    continue
                }
                values.append(.text(String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(handle, column))
                guard count > 0, let pointer = sqlite3_column_blob(handle, column) else {
                    values.append(.blob([]))
                    continue
                }
                values.append(.blob(Array(UnsafeRawBufferPointer(start: pointer, count: count))))
            default:
                values.append(.null)
            }
        }
        return values
    }
}
