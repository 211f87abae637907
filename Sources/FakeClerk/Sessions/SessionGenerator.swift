/// Sessions of generated users: none for about half of them, up to three for the others,
/// each on its own client. Ids carry `index * 4 + ordinal`, so both the session id and the
/// client id lead back to the user and session without a scan.
struct SessionGenerator: Sendable {
    static let perUserLimit = 4
    private static let statuses = ["active", "active", "active", "active", "active", "active", "ended", "ended",
                                   "expired", "expired", "revoked", "removed", "abandoned"]
    private static let devices: [(type: String, mobile: Bool, browser: String, version: String)] = [
        ("desktop", false, "Chrome", "128.0.0.0"), ("desktop", false, "Firefox", "130.0"),
        ("desktop", false, "Safari", "17.6"), ("iPhone", true, "Safari", "17.6"),
        ("Android", true, "Chrome", "128.0.0.0"), ("iPad", true, "Safari", "17.5"),
    ]
    private static let places = [("San Francisco", "US"), ("Berlin", "DE"), ("São Paulo", "BR"), ("Tokyo", "JP"),
                                 ("Lagos", "NG"), ("Paris", "FR"), ("Kraków", "PL"), ("Toronto", "CA")]

    let seed: UInt64

    func sessionCount(userIndex: Int) -> Int {
        let draw = SplitMix64.hash(seed, 31, UInt64(userIndex)) % 100
        return UserGenerator.bucket(Int(draw), 55, 80, 95) // 0, 1, 2 or 3
    }

    /// Session `ordinal` of a user active from `userCreatedAt` to `activeUntil` (values that
    /// never change, so that session ids stay put when the user is updated).
    func session(userIndex: Int, ordinal: Int, userID: String, userCreatedAt: Int64, activeUntil: Int64) -> SessionProfile {
        let value = UInt64(userIndex * Self.perUserLimit + ordinal)
        var random = SplitMix64(seed, 32, value)
        let span = max(activeUntil - userCreatedAt, 0)
        let created = userCreatedAt + random.below(span + 1)
        let lastActive = created + random.below(max(activeUntil - created, 0) + 1)
        let device = random.pick(Self.devices)
        let place = random.pick(Self.places)
        let activity = SessionProfile.Activity(
            id: ClerkID.make("activity_", kind: .sessionActivity, value: value, milliseconds: created, seed: seed),
            deviceType: device.type, isMobile: device.mobile, browserName: device.browser,
            browserVersion: device.version, ipAddress: "203.0.113.\(1 + random.below(254))",
            city: place.0, country: place.1)
        return SessionProfile(
            id: ClerkID.make("sess_", kind: .session, value: value, milliseconds: created, seed: seed),
            userIndex: userIndex, ordinal: ordinal, userID: userID,
            clientID: ClerkID.make("client_", kind: .client, value: value, milliseconds: created, seed: seed),
            status: random.pick(Self.statuses), lastActiveAt: lastActive, activity: activity,
            expireAt: lastActive + 7 * UserGenerator.dayMilliseconds,
            abandonAt: created + 30 * UserGenerator.dayMilliseconds,
            updatedAt: lastActive, createdAt: created)
    }

    /// `(user index, ordinal)` of a session or client id of this seed.
    func decode(_ id: some StringProtocol, prefix: StaticString, kind: ClerkID.Kind) -> (userIndex: Int, ordinal: Int)? {
        guard let (value, _) = ClerkID.decode(id, prefix: prefix, kind: kind, seed: seed),
              value < UInt64(Int32.max) else { return nil }
        return (Int(value) / Self.perUserLimit, Int(value) % Self.perUserLimit)
    }
}
