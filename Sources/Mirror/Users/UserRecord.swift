/// A Clerk User object, with the columns apps filter on pulled out and `raw` kept byte for
/// byte as Clerk sent it.
public struct UserRecord: Sendable, Equatable {
    public struct Email: Sendable, Equatable {
        public var id: String
        /// Lower-cased, so lookups by address ignore case.
        public var address: String
        public var verified: Bool
        public var isPrimary: Bool
    }

    public var id: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var primaryEmailAddress: String?
    public var username: String?
    public var firstName: String?
    public var lastName: String?
    public var externalID: String?
    public var banned: Bool
    public var locked: Bool
    public var lastSignInAt: Int64?
    public var lastActiveAt: Int64?
    public var publicMetadata: String
    public var privateMetadata: String?
    public var unsafeMetadata: String?
    public var emails: [Email]
    /// `phone_numbers[].{id, phone_number}`, for the read API's `phone_number` filters.
    public var phones: [Phone]
    public var raw: [UInt8]

    public struct Phone: Sendable, Equatable {
        public var id: String
        public var number: String
    }

    /// Reads a User object. Fields the mirror does not index are left in `raw` untouched.
    public static func parse(_ raw: [UInt8]) throws(EventError) -> UserRecord {
        guard let object = JSONObjectView(raw) else { throw EventError("user object is not a well-formed JSON object") }
        guard let id = object.string("id"), !id.isEmpty else { throw EventError("user object has no id") }
        guard let updatedAt = object.int64("updated_at") else { throw EventError("user \(id) has no updated_at") }
        guard let createdAt = object.int64("created_at") else { throw EventError("user \(id) has no created_at") }
        let primaryID = object.string("primary_email_address_id")
        var emails: [Email] = []
        var primaryAddress: String?
        for email in object.objects("email_addresses") {
            guard let emailID = email.string("id"), let address = email.string("email_address") else { continue }
            let isPrimary = emailID == primaryID
            // As Clerk spells it on the user; the email table holds it lower-cased for lookups.
            if isPrimary { primaryAddress = address }
            emails.append(Email(id: emailID, address: address.lowercased(),
                                verified: email.object("verification")?.string("status") == "verified", isPrimary: isPrimary))
        }
        let phones = object.objects("phone_numbers").compactMap { phone -> Phone? in
            guard let phoneID = phone.string("id"), let number = phone.string("phone_number") else { return nil }
            return Phone(id: phoneID, number: number)
        }
        func text(_ key: String) -> String? { object.rawValue(key).map { String(decoding: $0, as: UTF8.self) } }
        return UserRecord(
            id: id, createdAt: createdAt, updatedAt: updatedAt, primaryEmailAddress: primaryAddress,
            username: object.string("username"), firstName: object.string("first_name"), lastName: object.string("last_name"),
            externalID: object.string("external_id"), banned: object.bool("banned") ?? false, locked: object.bool("locked") ?? false,
            lastSignInAt: object.int64("last_sign_in_at"), lastActiveAt: object.int64("last_active_at"),
            publicMetadata: text("public_metadata") ?? "{}", privateMetadata: text("private_metadata"),
            unsafeMetadata: text("unsafe_metadata"), emails: emails, phones: phones, raw: raw)
    }
}
