/// A Clerk User object shaped like `user-schema.yml` (about 2 KB, like real ones), with a
/// Clerk-like random id, one or two email addresses and a phone number.
struct BenchUser {
    let id: String
    let email: String
    let raw: [UInt8]

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    static let firstNames = ["Ada", "Grace", "Alan", "Zoë", "Linus", "Margaret", "José", "Barbara", "Ken", "Frances"]
    static let lastNames = ["Lovelace", "Hopper", "Turing", "Müller", "Torvalds", "Hamilton", "García", "Liskov", "Thompson", "Allen"]

    static func make(index: Int, random: inout some RandomNumberGenerator) -> BenchUser {
        let id = "user_2" + String((0..<26).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        let first = firstNames[index % firstNames.count], last = lastNames[(index / 10) % lastNames.count]
        let email = "\(first.lowercased()).\(last.lowercased()).\(index)@example.com"
        let created = 1_700_000_000_000 + Int64(index) * 60_000
        let updated = created + Int64(random.next() % 1_000_000)
        let second = index % 3 == 0
            ? #",{"id":"idn_\#(id)_1","object":"email_address","email_address":"work.\#(index)@example.org","reserved":false,"verification":{"status":"verified","strategy":"email_code","attempts":1,"expire_at":\#(created + 600_000)},"linked_to":[],"matches_sso_connection":false,"created_at":\#(created),"updated_at":\#(updated)}"#
            : ""
        let json = #"""
            {"id":"\#(id)","object":"user","external_id":"ext_\#(index)","primary_email_address_id":"idn_\#(id)_0","primary_phone_number_id":"idn_\#(id)_p","primary_web3_wallet_id":null,"username":"\#(first.lowercased())\#(index)","first_name":"\#(first)","last_name":"\#(last)","locale":null,"profile_image_url":"https://www.gravatar.com/avatar?d=mp","image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCIsImlpZCI6Imluc18yOWw3OUlxWmZ2aVlnRnB2N0FkRVl4VjRhT0giLCJyaWQiOiJ1c2VyXzJhIn0","has_image":false,"public_metadata":{"plan":"pro","seats":\#(index % 50)},"private_metadata":{"stripe_customer":"cus_\#(index)"},"unsafe_metadata":{},"email_addresses":[{"id":"idn_\#(id)_0","object":"email_address","email_address":"\#(email)","reserved":false,"verification":{"status":"verified","strategy":"email_code","attempts":1,"expire_at":\#(created + 600_000)},"linked_to":[],"matches_sso_connection":false,"created_at":\#(created),"updated_at":\#(updated)}\#(second)],"phone_numbers":[{"id":"idn_\#(id)_p","object":"phone_number","phone_number":"+1555\#(String(1_000_000 + index))","reserved_for_second_factor":false,"default_second_factor":false,"reserved":false,"verification":{"status":"verified","strategy":"phone_code","attempts":1,"expire_at":\#(created + 600_000)},"linked_to":[],"backup_codes":null,"created_at":\#(created),"updated_at":\#(updated)}],"web3_wallets":[],"passkeys":[],"password_enabled":true,"two_factor_enabled":false,"totp_enabled":false,"backup_code_enabled":false,"mfa_enabled_at":null,"mfa_disabled_at":null,"password_last_updated_at":\#(created),"external_accounts":[],"saml_accounts":[],"enterprise_accounts":[],"organization_memberships":[],"last_sign_in_at":\#(updated - 5000),"banned":\#(index % 97 == 0),"locked":false,"deprovisioned":false,"lockout_expires_in_seconds":null,"verification_attempts_remaining":100,"updated_at":\#(updated),"created_at":\#(created),"delete_self_enabled":true,"create_organization_enabled":true,"create_organizations_limit":null,"last_active_at":\#(updated - 1000),"legal_accepted_at":null,"bypass_client_trust":false}
            """#
        return BenchUser(id: id, email: email, raw: Array(json.utf8))
    }
}
