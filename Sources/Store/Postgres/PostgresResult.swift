import CLibPQ

/// Owns a `PGresult`; `PQclear` runs when the last reference goes.
final class PostgresResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    var status: ExecStatusType { PQresultStatus(handle) }

    var succeeded: Bool {
        let status = self.status
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
    }

    var changedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    func field(_ code: Int32) -> String? {
        PQresultErrorField(handle, code).map { String(cString: $0) }
    }

    /// Rows converted by each column's type, so PostgreSQL reads back the same `SQLValue`s
    /// SQLite would: booleans as 0/1, bytea as bytes, numbers as numbers, the rest as text.
    func rows() -> [Row] {
        let rowCount = PQntuples(handle)
        let columnCount = PQnfields(handle)
        let names = (0..<columnCount).map { String(cString: PQfname(handle, $0)) }
        let types = (0..<columnCount).map { PQftype(handle, $0) }
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(handle, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                let length = Int(PQgetlength(handle, row, column))
                let text = UnsafeRawBufferPointer(start: PQgetvalue(handle, row, column), count: length)
                values.append(Self.value(text, type: types[Int(column)]))
            }
            rows.append(Row(columns: names, values: values))
        }
        return rows
    }

    // Type OIDs from pg_type.dat, stable across server versions.
    private static let boolOID: Oid = 16, byteaOID: Oid = 17, int8OID: Oid = 20, int2OID: Oid = 21,
        int4OID: Oid = 23, oidOID: Oid = 26, float4OID: Oid = 700, float8OID: Oid = 701, numericOID: Oid = 1700

    private static func value(_ text: UnsafeRawBufferPointer, type: Oid) -> SQLValue {
        switch type {
        case boolOID:
            return .integer(text.first == UInt8(ascii: "t") ? 1 : 0)
        case int2OID, int4OID, int8OID, oidOID:
            return Int64(String(decoding: text, as: UTF8.self)).map { .integer($0) } ?? .text(String(decoding: text, as: UTF8.self))
        case float4OID, float8OID, numericOID:
            return Double(String(decoding: text, as: UTF8.self)).map { .real($0) } ?? .text(String(decoding: text, as: UTF8.self))
        case byteaOID:
            return .blob(decodeHexBytea(text))
        default:
            return .text(String(decoding: text, as: UTF8.self))
        }
    }

    /// bytea's text output is `\x` then two hex digits a byte (bytea_output = hex, the default
    /// since 9.0: https://www.postgresql.org/docs/15/datatype-binary.html). libpq's own decoder
    /// does the work: payloads are kilobytes and this is on every inbox claim.
    private static func decodeHexBytea(_ text: UnsafeRawBufferPointer) -> [UInt8] {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"),
              let base = text.baseAddress else { return Array(text) }
        // PQgetvalue's text is NUL-terminated, as PQunescapeBytea needs.
        var length = 0
        guard let decoded = PQunescapeBytea(base.assumingMemoryBound(to: UInt8.self), &length) else {
            fatalError("PQunescapeBytea: out of memory")
        }
        defer { PQfreemem(decoded) }
        return Array(UnsafeBufferPointer(start: decoded, count: length))
    }
}
