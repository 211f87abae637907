/// One generated session; a pure function of (seed, user index, ordinal) like the users.
struct SessionProfile: Sendable {
    struct Activity: Sendable {
        var id: String
        var deviceType: String
        var isMobile: Bool
        var browserName: String
        var browserVersion: String
        var ipAddress: String
        var city: String
        var country: String
    }

    var id: String
    var userIndex: Int
    var ordinal: Int
    var userID: String
    var clientID: String
    var status: String
    var lastActiveAt: Int64
    var activity: Activity
    var expireAt: Int64
    var abandonAt: Int64
    var updatedAt: Int64
    var createdAt: Int64

    /// Clerk's Session object (BAPI 2026-05-12 `components.schemas.Session`), in its order.
    /// `status` replaces the stored one (webhook events name the state they report).
    func write(to json: inout JSONWriter, status override: String? = nil, closeObject: Bool = true) {
        json.beginObject()
        json.field("object", "session")
        json.field("id", id)
        json.field("user_id", userID)
        json.field("client_id", clientID)
        json.nullField("actor")
        json.field("status", override ?? status)
        json.nullField("last_active_organization_id")
        json.field("last_active_at", lastActiveAt)
        json.key("latest_activity")
        json.beginObject()
        json.field("object", "session_activity")
        json.field("id", activity.id)
        json.field("device_type", activity.deviceType)
        json.field("is_mobile", activity.isMobile)
        json.field("browser_name", activity.browserName)
        json.field("browser_version", activity.browserVersion)
        json.field("ip_address", activity.ipAddress)
        json.field("city", activity.city)
        json.field("country", activity.country)
        json.endObject()
        json.field("expire_at", expireAt)
        json.field("abandon_at", abandonAt)
        json.field("updated_at", updatedAt)
        json.field("created_at", createdAt)
        if closeObject { json.endObject() }
    }

    var json: [UInt8] {
        var writer = JSONWriter(capacity: 640)
        write(to: &writer)
        return writer.bytes
    }
}
