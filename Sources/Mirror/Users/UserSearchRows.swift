import Store

/// The rows beside `users` that serve the read API's filters (migration 0002): the user's phone
/// numbers, and the lower-cased text its partial-match filters search. Written with the user,
/// inside the same transaction; removed with it by `ON DELETE CASCADE`.
enum UserSearchRows {
    struct Phone: Equatable {
        var id: String
        var number: String
    }

    static func write(_ user: UserRecord, _ connection: any DatabaseConnection) throws {
        let phones = phones(of: user.raw)
        try connection.execute("DELETE FROM user_phone_numbers WHERE user_id = $1", [.text(user.id)])
        for phone in phones {
            try connection.execute("""
                INSERT INTO user_phone_numbers (user_id, phone_number_id, phone_number) VALUES ($1, $2, $3)
                ON CONFLICT (user_id, phone_number_id) DO NOTHING
                """, [.text(user.id), .text(phone.id), .text(phone.number)])
        }
        // Swift's Unicode case mapping, the same the read API applies to the terms.
        let name = [user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ")
        try connection.execute("""
            INSERT INTO user_search (user_id, emails, phones, username, name) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id) DO UPDATE SET
                emails = excluded.emails, phones = excluded.phones, username = excluded.username, name = excluded.name
            """, [
                .text(user.id), .text(user.emails.map(\.address).joined(separator: "\n")),
                .text(phones.map { $0.number.lowercased() }.joined(separator: "\n")),
                .text((user.username ?? "").lowercased()), .text(name.lowercased()),
            ])
    }

    /// `phone_numbers[].{id, phone_number}` of a User object.
    static func phones(of raw: [UInt8]) -> [Phone] {
        guard let object = JSONObjectView(raw) else { return [] }
        return object.objects("phone_numbers").compactMap { phone in
            guard let id = phone.string("id"), let number = phone.string("phone_number") else { return nil }
            return Phone(id: id, number: number)
        }
    }
}
