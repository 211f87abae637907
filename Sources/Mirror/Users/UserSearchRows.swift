import Store

/// The rows beside `users` that serve the read API's filters (migration 0002): the user's phone
/// numbers, and the lower-cased text its partial-match filters search. Written with the user,
/// inside the same transaction; removed with it by `ON DELETE CASCADE`.
enum UserSearchRows {
    static func write(_ user: UserRecord, _ connection: any DatabaseConnection) throws {
        // Swift's Unicode case mapping, the same the read API applies to the terms.
        let name = [user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ").lowercased()
        let search: [SQLValue] = [
            .text(user.emails.map(\.address).joined(separator: "\n")),
            .text(user.phones.map { $0.number.lowercased() }.joined(separator: "\n")),
            .text((user.username ?? "").lowercased()), .text(name),
        ]
        // Most updates (activity, metadata) change none of this: leave the rows, and the
        // search index, alone then.
        let storedPhones = try connection.query(
            "SELECT phone_number_id, phone_number FROM user_phone_numbers WHERE user_id = $1", [.text(user.id)])
            .map { UserRecord.Phone(id: $0[0].string ?? "", number: $0[1].string ?? "") }
        if storedPhones.sorted(by: { $0.id < $1.id }) != user.phones.sorted(by: { $0.id < $1.id }) {
            try connection.execute("DELETE FROM user_phone_numbers WHERE user_id = $1", [.text(user.id)])
            for phone in user.phones {
                try connection.execute("""
                    INSERT INTO user_phone_numbers (user_id, phone_number_id, phone_number) VALUES ($1, $2, $3)
                    ON CONFLICT (user_id, phone_number_id) DO NOTHING
                    """, [.text(user.id), .text(phone.id), .text(phone.number)])
            }
        }
        let storedSearch = try connection.queryOne(
            "SELECT emails, phones, username, name FROM user_search WHERE user_id = $1", [.text(user.id)])
        guard storedSearch?.values != search else { return }
        try connection.execute("""
            INSERT INTO user_search (user_id, emails, phones, username, name) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id) DO UPDATE SET
                emails = excluded.emails, phones = excluded.phones, username = excluded.username, name = excluded.name
            """, [.text(user.id)] + search)
    }
}
