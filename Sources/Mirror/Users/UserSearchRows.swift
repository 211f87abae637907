import Store

/// The rows beside `users` that serve the read API's filters (migration 0002): the user's phone
/// numbers, and the lower-cased text its partial-match filters search. Written with the user,
/// inside the same transaction; removed with it by `ON DELETE CASCADE`.
enum UserSearchRows {
    /// Brings the rows of `users` (distinct ids, just written) up to date, a few multi-row
    /// statements for all of them. `new` users had no `users` row before, so have no rows here.
    static func write(_ users: [UserRecord], new: Set<String> = [], _ connection: any DatabaseConnection) throws {
        guard !users.isEmpty else { return }
        let ids = users.filter { !new.contains($0.id) }.map { SQLValue.text($0.id) }
        var storedPhones: [String: [UserRecord.Phone]] = [:]
        var storedSearch: [String: [SQLValue]] = [:]
        if !ids.isEmpty {
            let list = UserBatchWriter.placeholders(ids.count)
            for row in try connection.query("SELECT user_id, phone_number_id, phone_number FROM user_phone_numbers WHERE user_id IN (\(list))", ids) {
                storedPhones[row[0].string ?? "", default: []].append(UserRecord.Phone(id: row[1].string ?? "", number: row[2].string ?? ""))
            }
            for row in try connection.query("SELECT user_id, emails, phones, username, name FROM user_search WHERE user_id IN (\(list))", ids) {
                storedSearch[row[0].string ?? ""] = Array(row.values.dropFirst())
            }
        }
        // Most updates (activity, metadata) change none of this: leave the rows, and the
        // search index, alone then.
        let phonesChanged = users.filter {
            (storedPhones[$0.id] ?? []).sorted(by: { $0.id < $1.id }) != $0.phones.sorted(by: { $0.id < $1.id })
        }
        if !phonesChanged.isEmpty {
            let replacedIDs = phonesChanged.filter { storedPhones[$0.id] != nil }.map { SQLValue.text($0.id) }
            if !replacedIDs.isEmpty {
                try connection.execute("DELETE FROM user_phone_numbers WHERE user_id IN (\(UserBatchWriter.placeholders(replacedIDs.count)))", replacedIDs)
            }
            let arguments = phonesChanged.flatMap { user in user.phones.flatMap { [SQLValue.text(user.id), .text($0.id), .text($0.number)] } }
            if !arguments.isEmpty {
                try connection.execute("""
                    INSERT INTO user_phone_numbers (user_id, phone_number_id, phone_number) VALUES \(UserBatchWriter.rows(arguments.count / 3, width: 3))
                    ON CONFLICT (user_id, phone_number_id) DO NOTHING
                    """, arguments)
            }
        }
        let searchRows = users.compactMap { user -> [SQLValue]? in
            let search = searchValues(user)
            return storedSearch[user.id] == search ? nil : [.text(user.id)] + search
        }
        guard !searchRows.isEmpty else { return }
        try connection.execute("""
            INSERT INTO user_search (user_id, emails, phones, username, name) VALUES \(UserBatchWriter.rows(searchRows.count, width: 5))
            ON CONFLICT (user_id) DO UPDATE SET
                emails = excluded.emails, phones = excluded.phones, username = excluded.username, name = excluded.name
            """, searchRows.flatMap { $0 })
    }

    /// What the partial-match filters search, lower-cased with Swift's Unicode case mapping
    /// (the same the read API applies to the terms).
    static func searchValues(_ user: UserRecord) -> [SQLValue] {
        let name = [user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ").lowercased()
        return [
            .text(user.emails.map(\.address).joined(separator: "\n")),
            .text(user.phones.map { $0.number.lowercased() }.joined(separator: "\n")),
            .text((user.username ?? "").lowercased()), .text(name),
        ]
    }
}
