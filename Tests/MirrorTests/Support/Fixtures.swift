/// Clerk-shaped objects for tests, following `user-schema.yml` and the webhook examples.
enum Fixtures {
    static func json(_ members: [(String, TestJSON)]) -> [UInt8] {
        TestJSON.object(members).bytes
    }

    static func user(id: String, updatedAt: Int64, createdAt: Int64 = 1_716_883_200_000, emails: [String] = [],
                     firstName: String? = "Ada", lastName: String? = "Lovelace", username: String? = nil,
                     externalID: String? = nil, banned: Bool = false, extra: [(String, TestJSON)] = []) -> [UInt8] {
        let emailObjects: [TestJSON] = emails.enumerated().map { index, address in
            .object([("id", .string("idn_\(id)_\(index)")), ("object", "email_address"), ("email_address", .string(address)),
                     ("reserved", false), ("linked_to", []), ("matches_sso_connection", false),
                     ("created_at", .number(createdAt)), ("updated_at", .number(updatedAt)),
                     ("verification", .object([("status", .string(index == 0 ? "verified" : "unverified")),
                                               ("strategy", "email_code"), ("attempts", nil), ("expire_at", nil)]))])
        }
        var members: [(String, TestJSON)] = [
            ("id", .string(id)), ("object", "user"), ("external_id", .optional(externalID)),
            ("primary_email_address_id", emails.isEmpty ? .null : .string("idn_\(id)_0")),
            ("primary_phone_number_id", nil), ("primary_web3_wallet_id", nil), ("username", .optional(username)),
            ("first_name", .optional(firstName)), ("last_name", .optional(lastName)),
            ("image_url", .string("https://img.clerk.com/\(id)")), ("has_image", false),
            ("public_metadata", .object([("plan", "pro")])), ("private_metadata", .object([("internal", 1)])),
            ("unsafe_metadata", .object([])), ("email_addresses", .array(emailObjects)), ("phone_numbers", []),
            ("web3_wallets", []), ("passkeys", []), ("password_enabled", true), ("two_factor_enabled", false),
            ("totp_enabled", false), ("backup_code_enabled", false), ("mfa_enabled_at", nil), ("mfa_disabled_at", nil),
            ("external_accounts", []), ("saml_accounts", []), ("enterprise_accounts", []),
            ("last_sign_in_at", .number(updatedAt - 5000)), ("banned", .bool(banned)), ("locked", false),
            ("lockout_expires_in_seconds", nil), ("verification_attempts_remaining", 100),
            ("updated_at", .number(updatedAt)), ("created_at", .number(createdAt)), ("delete_self_enabled", true),
            ("create_organization_enabled", true), ("last_active_at", .number(updatedAt - 1000)), ("legal_accepted_at", nil),
        ]
        members.append(contentsOf: extra)
        return json(members)
    }

    /// A smaller user built by interpolation, for tests that need tens of thousands of them
    /// (the general builder is slow in debug builds).
    static func quickUser(id: String, updatedAt: Int64, email: String) -> [UInt8] {
        Array(#"{"id":"\#(id)","object":"user","external_id":null,"primary_email_address_id":"idn_\#(id)_0","username":null,"first_name":"Ada","last_name":"Lovelace","image_url":"https://img.clerk.com/\#(id)","public_metadata":{"plan":"pro"},"private_metadata":{},"unsafe_metadata":{},"email_addresses":[{"id":"idn_\#(id)_0","object":"email_address","email_address":"\#(email)","reserved":false,"linked_to":[],"created_at":1716883200000,"updated_at":\#(updatedAt),"verification":{"status":"verified","strategy":"email_code","attempts":null,"expire_at":null}}],"phone_numbers":[],"web3_wallets":[],"external_accounts":[],"banned":false,"locked":false,"updated_at":\#(updatedAt),"created_at":1716883200000,"last_sign_in_at":null}"#.utf8)
    }

    static func session(id: String, userID: String, updatedAt: Int64, status: String = "active", clientID: String = "client_1",
                        user: [UInt8]?) -> [UInt8] {
        var members: [(String, TestJSON)] = [
            ("id", .string(id)), ("object", "session"), ("user_id", .string(userID)), ("client_id", .string(clientID)),
            ("status", .string(status)), ("last_active_at", .number(updatedAt)), ("expire_at", .number(updatedAt + 604_800_000)),
            ("abandon_at", .number(updatedAt + 2_592_000_000)), ("created_at", 1_716_883_200_000), ("updated_at", .number(updatedAt)),
            ("actor", nil), ("last_active_organization_id", nil),
            ("latest_activity", .object([("object", "session_activity"), ("id", .string("sess_activity_\(id)")),
                                         ("browser_name", "Firefox")])),
        ]
        if let user { members.append(("user", .raw(user))) }
        return json(members)
    }

    static func deletedUser(id: String) -> [UInt8] {
        json([("object", "user"), ("id", .string(id)), ("deleted", true)])
    }

    /// The webhook envelope around `data`, which is kept byte for byte.
    static func event(_ type: String, data: [UInt8], timestamp: Int64 = 1_716_883_200_000) -> [UInt8] {
        Array(#"{"data":"#.utf8) + data + Array(#","event_attributes":{"http_request":{"client_ip":"","user_agent":""}},"instance_id":"ins_test","object":"event","timestamp":\#(timestamp),"type":"\#(type)"}"#.utf8)
    }
}
