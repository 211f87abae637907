/// Clerk webhook bodies built from the fake's current data, shaped like Clerk's examples
/// (`webhook-examples/`): the envelope `{data, event_attributes, instance_id, object,
/// timestamp, type}` with keys sorted at every level, compact, as the byte-exact docs example
/// is; `timestamp` in milliseconds, as the docs say (the OpenAPI examples show seconds).
extension FakeClerk {
    /// `ins_…`, the same for every fake with this seed.
    public var instanceID: String {
        ClerkID.make("ins_", kind: .instance, value: 0, milliseconds: UserGenerator.originMilliseconds,
                     seed: configuration.seed)
    }

    /// The body Clerk would send for `type` about `objectID`: a user id for `user.*` (the
    /// user must be live, except for `user.deleted`, which only needs a user this instance
    /// had), a session id for `session.*` (data: the session with the event's status and its
    /// user). `timestamp` defaults to now. Nil when there is no such object.
    public func webhookPayload(_ type: ClerkWebhookEventType, objectID: String, timestamp: Int64? = nil) -> [UInt8]? {
        let timestamp = timestamp ?? FakeInstance.nowMilliseconds()
        guard let data = webhookData(type, objectID: objectID) else { return nil }
        let number = SplitMix64.hash(configuration.seed, 61, UInt64(bitPattern: timestamp)) % 254 + 1
        var json = JSONWriter(capacity: data.count + 400)
        json.beginObject()
        json.key("data")
        json.raw(data)
        json.key("event_attributes")
        json.beginObject()
        json.key("http_request")
        json.beginObject()
        json.field("client_ip", "198.51.100.\(number)")
        json.field("user_agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
                   + "(KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36")
        json.endObject()
        json.endObject()
        json.field("instance_id", instanceID)
        json.field("object", "event")
        json.field("timestamp", timestamp)
        json.field("type", type.rawValue)
        json.endObject()
        return SortedJSON.sorted(json.bytes)
    }

    /// A message ready for `WebhookSender`: the payload and a `msg_…` id unique to `number`.
    public func webhookMessage(_ type: ClerkWebhookEventType, objectID: String, number: Int) -> WebhookMessage? {
        webhookPayload(type, objectID: objectID).map {
            WebhookMessage(id: Self.messageID(seed: configuration.seed, number: number), eventType: type.rawValue,
                           body: $0)
        }
    }

    /// `msg_` and 27 characters, as Svix's message ids look.
    public static func messageID(seed: UInt64, number: Int) -> String {
        ClerkID.make("msg_", kind: .message, value: UInt64(number), milliseconds: FakeInstance.nowMilliseconds(),
                     seed: seed)
    }

    private func webhookData(_ type: ClerkWebhookEventType, objectID: String) -> [UInt8]? {
        if let status = type.sessionStatus {
            let found = instance.directory.withLock { directory -> (SessionProfile, UserDirectory.Snapshot)? in
                guard let session = instance.session(id: objectID, prefix: "sess_", kind: .session, in: directory)
                else { return nil }
                return (session, directory.snapshot(session.userIndex))
            }
            guard let (session, user) = found else { return nil }
            var json = JSONWriter()
            session.write(to: &json, status: status, closeObject: false)
            json.key("user")
            instance.writeUser(user, to: &json)
            json.endObject()
            return json.bytes
        }
        let found = instance.directory.withLock { directory -> (UserDirectory.Snapshot, live: Bool)? in
            directory.index(ofUserID: objectID).map { (directory.snapshot($0), directory.isLive($0)) }
        }
        guard let (user, live) = found else { return nil }
        guard type == .userDeleted else { return live ? instance.userJSON(user) : nil }
        // DeletedObject: object and deleted required; Clerk adds the id and the external id.
        let externalID = instance.generator.profile(index: user.index, createdAt: user.createdAt,
                                                    updatedAt: user.updatedAt, revision: 0).externalID
        var json = JSONWriter(capacity: 96)
        json.beginObject()
        json.field("deleted", true)
        if let externalID { json.field("external_id", externalID) }
        json.field("id", objectID)
        json.field("object", "user")
        json.endObject()
        return json.bytes
    }
}
