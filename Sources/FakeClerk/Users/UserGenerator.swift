/// Makes user number `index` of an instance from `(seed, index)` alone, so that a million
/// users cost nothing until asked for, and the same pair always gives the same bytes.
///
/// Users are created 20 s apart on average from 2022-01-01, so `created_at` grows strictly
/// with the index (the `created_at` orderings are index orderings) and a million users span
/// about seven months. Ids carry the index (`ClerkID`), as do email addresses (the digits
/// before `@`), so both map back to a user without a scan.
struct UserGenerator: Sendable {
    static let originMilliseconds: Int64 = 1_640_995_200_000
    static let spacingMilliseconds: Int64 = 20_000
    static let dayMilliseconds: Int64 = 86_400_000

    /// Independent streams per aspect, so that changing one draw leaves the others alone.
    enum Stream: UInt64 {
        case created = 11, updated, profile, emails, metadata
    }

    let seed: UInt64

    func baseCreatedAt(_ index: Int) -> Int64 {
        let jitter = SplitMix64.hash(seed, Stream.created.rawValue, UInt64(index)) % UInt64(Self.spacingMilliseconds)
        return Self.originMilliseconds + Int64(index) * Self.spacingMilliseconds + Int64(jitter)
    }

    /// Three in ten users were never updated; the others up to 180 days after creation.
    func baseUpdatedAt(_ index: Int) -> Int64 {
        let created = baseCreatedAt(index)
        let draw = SplitMix64.hash(seed, Stream.updated.rawValue, UInt64(index))
        if draw % 10 < 3 { return created }
        return created + 1 + Int64((draw >> 8) % UInt64(180 * Self.dayMilliseconds))
    }

    func userID(index: Int, createdAt: Int64) -> String {
        ClerkID.make("user_", kind: .user, value: UInt64(index), milliseconds: createdAt, seed: seed)
    }

    /// The index an id of this seed names, and the seconds it was stamped with.
    func decodeUserID(_ id: some StringProtocol) -> (index: Int, seconds: UInt32)? {
        guard let (value, seconds) = ClerkID.decode(id, prefix: "user_", kind: .user, seed: seed),
              value < UInt64(Int32.max) else { return nil }
        return (Int(value), seconds)
    }

    /// The user as of `revision` (0 as generated; each `updateUser` adds one and renames them).
    func profile(index: Int, createdAt: Int64, updatedAt: Int64, revision: Int) -> UserProfile {
        var random = SplitMix64(seed, Stream.profile.rawValue, UInt64(index))
        let shape = random.below(100)
        let first = shape < 95 ? random.pick(NameCatalog.firstNames) : nil
        let last = shape < 92 ? random.pick(NameCatalog.lastNames) : nil
        let emailCount = Self.bucket(random.below(100), 6, 86, 96) // 0, 1, 2 or 3 addresses
        let hasGoogle = emailCount > 0 && random.chance(25)
        let hasPhone = random.chance(emailCount == 0 ? 70 : 15)
        let hasUsername = random.chance(35) || (emailCount == 0 && !hasPhone)
        let span = max(updatedAt - createdAt, 0)
        // Phone-only users may sign in with codes; a username needs a password.
        let passwordEnabled = hasGoogle ? random.chance(40) : (emailCount > 0 || !hasPhone || random.chance(50))
        let twoFactor = passwordEnabled && random.chance(8)
        let signedIn = random.chance(88)
        let lastSignInAt = signedIn ? createdAt + random.below(span + 1) : nil
        let mfaDisabled = !twoFactor && random.chance(2)

        var user = UserProfile(
            index: index, id: userID(index: index, createdAt: createdAt),
            externalID: random.chance(25) ? "crm_\(100_000 + index)" : nil,
            username: nil,
            firstName: Self.renamed(first, revision: revision, index: index)?.display,
            lastName: last?.display,
            locale: random.chance(10) ? random.pick(NameCatalog.locales) : nil,
            imageURL: "", hasImage: hasGoogle || random.chance(30),
            publicMetadata: [], privateMetadata: [], unsafeMetadata: [],
            emailAddresses: [], primaryEmailAddressID: nil, phoneNumbers: [], primaryPhoneNumberID: nil,
            externalAccounts: [],
            passwordEnabled: passwordEnabled, twoFactorEnabled: twoFactor,
            mfaEnabledAt: twoFactor || mfaDisabled ? createdAt + random.below(span + 1) : nil,
            mfaDisabledAt: mfaDisabled ? updatedAt : nil,
            passwordLastUpdatedAt: passwordEnabled ? createdAt + (random.chance(20) ? random.below(span + 1) : 0) : nil,
            lastSignInAt: lastSignInAt,
            banned: random.below(1000) < 10, locked: random.below(1000) < 5,
            lastActiveAt: signedIn ? updatedAt / Self.dayMilliseconds * Self.dayMilliseconds : nil,
            legalAcceptedAt: random.chance(20) ? createdAt : nil,
            createdAt: createdAt, updatedAt: updatedAt)
        let firstSlug = first?.slug ?? "user"
        if hasUsername { user.username = "\(firstSlug)_\(index)" }
        user.imageURL = "https://img.clerk.com/" + String(ClerkID.make("", kind: .image, value: UInt64(index),
                                                                        milliseconds: createdAt, seed: seed))
        addEmailAddresses(count: emailCount, google: hasGoogle, firstSlug: firstSlug, lastSlug: last?.slug,
                          to: &user)
        if hasPhone { addPhoneNumber(to: &user) }
        addMetadata(to: &user)
        return user
    }

    /// The first name after `revision` renames: a different one each time.
    private static func renamed(_ name: NameCatalog.Name?, revision: Int, index: Int) -> NameCatalog.Name? {
        guard revision > 0 else { return name }
        let names = NameCatalog.firstNames
        let start = name.flatMap { current in names.firstIndex { $0.display == current.display } } ?? index
        return names[(start + revision) % names.count]
    }

    /// Which of the four buckets split at the ascending limits `value` falls in (0...3).
    static func bucket(_ value: Int, _ first: Int, _ second: Int, _ third: Int) -> Int {
        value < first ? 0 : value < second ? 1 : value < third ? 2 : 3
    }
}
