import Store

extension UserFilters {
    /// One condition on `users` per filter given, binding its values into `builder`.
    func conditions(_ builder: inout SQLBuilder) -> [String] {
        var conditions: [String] = []
        if !userIDs.include.isEmpty { conditions.append(builder.isOneOf("id", userIDs.include)) }
        if !userIDs.exclude.isEmpty { conditions.append("NOT " + builder.isOneOf("id", userIDs.exclude)) }
        if !externalIDs.include.isEmpty { conditions.append(builder.isOneOf("external_id", externalIDs.include)) }
        if !externalIDs.exclude.isEmpty { conditions.append(builder.isNoneOf("external_id", externalIDs.exclude)) }
        if !emailAddresses.isEmpty {
            conditions.append("id IN (SELECT user_id FROM user_email_addresses WHERE "
                + builder.isOneOf("email_address", emailAddresses) + ")")
        }
        if !phoneNumbers.isEmpty {
            conditions.append("id IN (SELECT user_id FROM user_phone_numbers WHERE "
                + builder.isOneOf("phone_number", phoneNumbers) + ")")
        }
        if !usernames.isEmpty {
            // Clerk keeps usernames lower-cased; a mixed-case request still finds them.
            var names = usernames
            names.append(contentsOf: usernames.map { $0.lowercased() }.filter { !usernames.contains($0) })
            conditions.append(builder.isOneOf("username", names))
        }
        let searches: [(String?, UserSearchTerm.Scope)] = [
            (query, .everything), (emailAddressQuery, .emails), (phoneNumberQuery, .phones),
            (usernameQuery, .username), (nameQuery, .name),
        ]
        for case (let term?, let scope) in searches {
            conditions.append(UserSearchTerm.condition(term, in: scope, &builder))
        }
        if let banned { conditions.append("banned = " + builder.bind(.integer(banned ? 1 : 0))) }
        conditions.append(contentsOf: createdAt.conditions("created_at", &builder))
        conditions.append(contentsOf: lastActiveAt.conditions("last_active_at", &builder))
        conditions.append(contentsOf: lastSignInAt.conditions("last_sign_in_at", &builder))
        return conditions
    }
}

extension UserFilters.TimeRange {
    func conditions(_ column: String, _ builder: inout SQLBuilder) -> [String] {
        var conditions: [String] = []
        if let before { conditions.append("\(column) < " + builder.bind(.integer(before))) }
        if let after { conditions.append("\(column) > " + builder.bind(.integer(after))) }
        if let since { conditions.append("\(column) >= " + builder.bind(.integer(since))) }
        return conditions
    }
}
