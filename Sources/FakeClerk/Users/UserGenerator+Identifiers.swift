/// Email addresses, phone numbers, the Google account and metadata of a generated user.
extension UserGenerator {
    /// Every address ends its local part with the user's index (`anna.smith.42@example.com`),
    /// which is how `email_address` filters find the user without a scan.
    func addEmailAddresses(count: Int, google: Bool, firstSlug: String, lastSlug: String?,
                           to user: inout UserProfile) {
        var random = SplitMix64(seed, Stream.emails.rawValue, UInt64(user.index))
        let index = user.index
        let created = user.createdAt
        let span = max(user.updatedAt - created, 0)
        // The Google account's identification, which its email address is linked to.
        let identification = google ? ClerkID.make("idn_", kind: .identification, value: UInt64(index),
                                                   milliseconds: created, seed: seed) : nil
        for ordinal in 0..<count {
            let local: String
            switch ordinal {
            case 0: local = lastSlug.map { "\(firstSlug).\($0).\(index)" } ?? "\(firstSlug).\(index)"
            case 1: local = "\(firstSlug)\(index)"
            default: local = "\(lastSlug ?? firstSlug).\(index)"
            }
            let domain = ordinal == 1 ? "work.example.net" : random.pick(NameCatalog.emailDomains)
            let addedAt = ordinal == 0 ? created : created + random.below(span + 1)
            var verification = UserProfile.Verification(kind: .otp(strategy: "email_code", channel: nil),
                                                        status: "verified", attempts: 1, expireAt: addedAt + 600_000)
            var link: (type: StaticString, id: String)?
            if ordinal == 0, let identification {
                verification = .init(kind: .fromOAuth(strategy: "from_oauth_google"), status: "verified",
                                     attempts: nil, expireAt: nil)
                link = ("oauth_google", identification)
            } else if ordinal > 0 {
                switch random.below(10) {
                case 0..<5: break
                case 5..<8: verification.status = "unverified"
                default: verification = .init(kind: .admin, status: "verified", attempts: nil, expireAt: nil)
                }
            }
            let value = UInt64(index) << 3 | UInt64(ordinal)
            user.emailAddresses.append(UserProfile.EmailAddress(
                id: ClerkID.make("idn_", kind: .emailAddress, value: value, milliseconds: addedAt, seed: seed),
                address: "\(local)@\(domain)", verification: verification, linkedTo: link,
                createdAt: addedAt, updatedAt: addedAt))
        }
        user.primaryEmailAddressID = user.emailAddresses.first?.id
        if let identification, let address = user.emailAddresses.first?.address {
            user.externalAccounts = [googleAccount(for: user, identification: identification, emailAddress: address,
                                                   random: &random)]
        }
    }

    private func googleAccount(for user: UserProfile, identification: String, emailAddress: String,
                               random: inout SplitMix64) -> UserProfile.ExternalAccount {
        let index = UInt64(user.index)
        let created = user.createdAt
        var providerUserID = "1"
        for _ in 0..<20 { providerUserID += String(random.below(10)) }
        let token = ClerkID.make("", kind: .image, value: index | 1 << 40, milliseconds: created, seed: seed)
        return UserProfile.ExternalAccount(
            id: ClerkID.make("eac_", kind: .externalAccount, value: index, milliseconds: created, seed: seed),
            identificationID: identification, providerUserID: providerUserID, emailAddress: emailAddress,
            firstName: user.firstName ?? "", lastName: user.lastName ?? "",
            avatarURL: "https://lh3.googleusercontent.com/a/\(token)",
            imageURL: "https://img.clerk.com/\(token)",
            verification: .init(kind: .oauth(strategy: "oauth_google"), status: "verified", attempts: nil,
                                expireAt: created + 600_000),
            createdAt: created, updatedAt: created)
    }

    /// US numbers in the 555 range that films use.
    func addPhoneNumber(to user: inout UserProfile) {
        var digits = String(user.index % 10_000_000)
        digits = String(repeating: "0", count: 7 - digits.count) + digits
        let created = user.createdAt
        let value = UInt64(user.index) << 3
        user.phoneNumbers = [UserProfile.PhoneNumber(
            id: ClerkID.make("idn_", kind: .phoneNumber, value: value, milliseconds: created, seed: seed),
            number: "+1555\(digits)", secondFactor: user.twoFactorEnabled && user.emailAddresses.isEmpty,
            verification: .init(kind: .otp(strategy: "phone_code", channel: "sms"), status: "verified",
                                attempts: 1, expireAt: created + 600_000),
            createdAt: created, updatedAt: created)]
        user.primaryPhoneNumberID = user.phoneNumbers.first?.id
    }

    func addMetadata(to user: inout UserProfile) {
        var random = SplitMix64(seed, Stream.metadata.rawValue, UInt64(user.index))
        var writer = JSONWriter(capacity: 96)
        writer.beginObject()
        if random.below(100) >= 45 {
            writer.field("plan", random.pick(NameCatalog.plans))
            writer.field("onboarded", random.chance(70))
            if random.chance(20) {
                writer.key("roles")
                writer.beginArray()
                writer.string("admin")
                writer.string("billing")
                writer.endArray()
            }
        }
        writer.endObject()
        user.publicMetadata = writer.bytes

        writer = JSONWriter(capacity: 64)
        switch random.below(100) {
        case 0..<55: writer.emptyObject()
        case 55..<90:
            writer.beginObject()
            writer.field("stripe_customer_id", "cus_" + String(ClerkID.make("", kind: .client,
                value: UInt64(user.index) | 1 << 41, milliseconds: user.createdAt, seed: seed).suffix(14)))
            writer.endObject()
        default: writer.null()
        }
        user.privateMetadata = writer.bytes

        writer = JSONWriter(capacity: 48)
        writer.beginObject()
        if random.chance(30) {
            writer.field("theme", random.chance(50) ? "dark" : "light")
            writer.field("newsletter", random.chance(50))
        }
        writer.endObject()
        user.unsafeMetadata = writer.bytes
    }
}
