import Store

/// The benchmark's rows: the same bytes as `Benchmarks/reference/benchrows.py` (which also
/// rebuilds them in SQL for pgbench). Row `n` in phase `p` (1 = insert path, 2 = update path)
/// depends on nothing else. `scripts/bench-store` diffs `--print-row` output against Python's.
enum BenchRows {
    static let columns = [
        "id", "primary_email_address", "username", "first_name", "last_name", "external_id",
        "banned", "locked", "created_at", "updated_at", "last_sign_in_at", "last_active_at",
        "public_metadata", "private_metadata", "unsafe_metadata", "raw",
    ]

    static let first = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
                        "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica"]
    static let last = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
                       "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas"]

    static let createdBase: Int64 = 1_700_000_000_000
    static let dayMilliseconds: Int64 = 86_400_000

    /// A Clerk User object, ~1.5 KB filled in; `%N$s` is the N-th argument (see benchrows.py).
    static let template =
        #"{"object":"user","id":"user_2x%1$s","external_id":"%2$s","#
        + #""primary_email_address_id":"idn_2x%1$s","primary_phone_number_id":null,"primary_web3_wallet_id":null,"#
        + #""username":"%3$s","first_name":"%4$s","last_name":"%5$s","#
        + #""image_url":"https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJ1c2VyXzJ4%1$s","has_image":true,"#
        + #""public_metadata":%6$s,"private_metadata":%7$s,"unsafe_metadata":{},"#
        + #""email_addresses":[{"id":"idn_2x%1$s","object":"email_address","email_address":"%8$s","reserved":false,"#
        + #""verification":{"status":"verified","strategy":"from_oauth_google","attempts":null,"expire_at":null},"#
        + #""linked_to":[{"type":"oauth_google","id":"idn_2y%1$s"}],"matches_sso_connection":false,"#
        + #""created_at":%9$s,"updated_at":%10$s}],"#
        + #""phone_numbers":[],"web3_wallets":[],"passkeys":[],"password_enabled":false,"two_factor_enabled":false,"#
        + #""totp_enabled":false,"backup_code_enabled":false,"mfa_enabled_at":null,"mfa_disabled_at":null,"#
        + #""external_accounts":[],"#
        + #""saml_accounts":[],"enterprise_accounts":[],"last_sign_in_at":%11$s,"banned":%12$s,"locked":%13$s,"#
        + #""lockout_expires_in_seconds":null,"verification_attempts_remaining":100,"#
        + #""updated_at":%10$s,"created_at":%9$s,"delete_self_enabled":true,"create_organization_enabled":true,"#
        + #""create_organizations_limit":null,"last_active_at":%14$s,"legal_accepted_at":%9$s}"#

    /// The template split at its placeholders: literal, argument index, literal, ...
    private static let pieces: [Piece] = {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            literal += rest[..<percent]
            let afterPercent = rest[rest.index(after: percent)...]
            let digits = afterPercent.prefix { $0.isNumber }
            let tail = afterPercent.dropFirst(digits.count)
            guard let index = Int(digits), tail.hasPrefix("$s") else {
                literal += "%"
                rest = afterPercent
                continue
            }
            pieces.append(.literal(literal))
            literal = ""
            pieces.append(.argument(index - 1))
            rest = tail.dropFirst(2)
        }
        literal += rest
        pieces.append(.literal(literal))
        return pieces
    }()

    private enum Piece {
        case literal(String)
        case argument(Int)
    }

    static func fill(_ arguments: [String]) -> String {
        var out = ""
        out.reserveCapacity(1600)
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .argument(let index): out += arguments[index]
            }
        }
        return out
    }

    /// The 16 column values of row `n` in `phase`, in `columns` order, as the mirror binds them.
    static func row(_ n: Int, phase: Int) -> [SQLValue] {
        let firstName = first[n % 16]
        let lastName = last[n / 16 % 16]
        let digits = String(n)
        let number = String(repeating: "0", count: max(0, 25 - digits.count)) + digits
        let username = "\(firstName.lowercased())_\(lastName.lowercased())_\(n)"
        let email = "\(firstName.lowercased()).\(lastName.lowercased())+\(n)@example.com"
        let externalID = "crm_\(n)"
        let banned = n % 97 == 0
        let locked = n % 89 == 0
        let created = createdBase + Int64(n) * 1000
        let updated = created + Int64(phase) * dayMilliseconds
        let lastSignIn = updated - 60_000
        let lastActive = updated
        let publicMetadata = #"{"plan":"pro","seats":\#(n % 50 + 1)}"#
        let privateMetadata = #"{"crm_id":"crm_\#(n)","score":\#(n % 1000)}"#
        let raw = fill([number, externalID, username, firstName, lastName, publicMetadata, privateMetadata, email,
                        String(created), String(updated), String(lastSignIn),
                        banned ? "true" : "false", locked ? "true" : "false", String(lastActive)])
        return [
            .text("user_2x" + number), .text(email), .text(username), .text(firstName), .text(lastName),
            .text(externalID), .integer(banned ? 1 : 0), .integer(locked ? 1 : 0),
            .integer(created), .integer(updated), .integer(lastSignIn), .integer(lastActive),
            .text(publicMetadata), .text(privateMetadata), .text("{}"), .text(raw),
        ]
    }

    /// The mirror's upsert with `rowsPerStatement` VALUES tuples: `($1, ..., $16), ($17, ...)`.
    static func upsertSQL(rowsPerStatement: Int = 1) -> String {
        let width = columns.count
        let tuples = (0..<rowsPerStatement).map { row in
            "(" + (1...width).map { "$\(row * width + $0)" }.joined(separator: ", ") + ")"
        }
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO users (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", ")) "
            + "ON CONFLICT (id) DO UPDATE SET \(updates) WHERE excluded.updated_at > users.updated_at"
    }
}
