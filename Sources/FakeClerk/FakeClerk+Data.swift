/// The fake's data as it is now, and the changes tests make to it.
extension FakeClerk {
    /// The current JSON of a live user, byte for byte what `GET /v1/users/{id}` answers.
    public func user(id: String) -> [UInt8]? {
        let snapshot = instance.directory.withLock { directory in
            directory.index(ofUserID: id).flatMap { directory.isLive($0) ? directory.snapshot($0) : nil }
        }
        return snapshot.map { instance.userJSON($0) }
    }

    /// Ids of the live users, oldest first (ascending `created_at`). Fine up to ~100k users.
    public func liveUserIDs() -> [String] {
        instance.directory.withLock { directory in
            (0..<directory.totalCount).filter { directory.isLive($0) }.map { directory.id($0) }
        }
    }

    public var liveUserCount: Int {
        instance.directory.withLock { $0.liveCount }
    }

    /// Adds a user created now (its `created_at` after every other user's); returns its id.
    @discardableResult
    public func createUser() -> String {
        let now = FakeInstance.nowMilliseconds()
        return instance.directory.withLock { directory in
            let index = directory.create(now: now)
            return directory.id(index)
        }
    }

    /// Renames a live user (a new `first_name`) and moves its `updated_at` to now, strictly
    /// after its previous value and after any earlier change. Unknown or deleted ids: nothing.
    public func updateUser(id: String) {
        let now = FakeInstance.nowMilliseconds()
        instance.directory.withLock { directory in
            if let index = directory.index(ofUserID: id) { _ = directory.update(index, now: now) }
        }
    }

    /// Deletes a live user (and its sessions); later lookups answer 404. Unknown ids: nothing.
    public func deleteUser(id: String) {
        instance.directory.withLock { directory in
            if let index = directory.index(ofUserID: id) { _ = directory.delete(index) }
        }
    }

    /// Ids of a live user's sessions, newest first.
    public func sessionIDs(userID: String) -> [String] {
        instance.directory.withLock { directory in
            guard let index = directory.index(ofUserID: userID), directory.isLive(index) else { return [] }
            return instance.sessions(ofUser: index, in: directory).map(\.id)
        }
    }

    /// The current JSON of a live user's session, as `GET /v1/sessions/{id}` answers it.
    public func session(id: String) -> [UInt8]? {
        instance.directory.withLock { instance.session(id: id, prefix: "sess_", kind: .session, in: $0) }?.json
    }
}
