import Foundation
import Logging
import Synchronization

/// The fake Clerk instance behind the HTTP routes: its users and sessions, the faults and the
/// traffic log. Kept apart from `FakeClerk` so that the server's handlers, which hold this,
/// do not hold the server that holds them.
final class FakeInstance: Sendable {
    let configuration: FakeClerkConfiguration
    let generator: UserGenerator
    let sessionGenerator: SessionGenerator
    let directory: Mutex<UserDirectory>
    let traffic: Mutex<Traffic>
    let logger: Logger

    init(configuration: FakeClerkConfiguration, logger: Logger) {
        self.configuration = configuration
        self.generator = UserGenerator(seed: configuration.seed)
        self.sessionGenerator = SessionGenerator(seed: configuration.seed)
        self.directory = Mutex(UserDirectory(generator: generator, count: configuration.users))
        self.traffic = Mutex(Traffic(faults: configuration.faults, seed: configuration.seed))
        self.logger = logger
    }

    /// Wall-clock milliseconds, the unit of every Clerk timestamp.
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The user's JSON as of a snapshot; pure, so it runs outside the lock.
    func writeUser(_ user: UserDirectory.Snapshot, to json: inout JSONWriter) {
        generator.profile(index: user.index, createdAt: user.createdAt, updatedAt: user.updatedAt,
                          revision: user.revision).write(to: &json)
    }

    func userJSON(_ user: UserDirectory.Snapshot) -> [UInt8] {
        var json = JSONWriter()
        writeUser(user, to: &json)
        return json.bytes
    }

    /// Every session of a user, newest first.
    func sessions(ofUser index: Int, in directory: borrowing UserDirectory) -> [SessionProfile] {
        let id = directory.id(index)
        let created = directory.createdAt(index)
        let until = directory.originalUpdatedAt(index)
        return (0..<sessionGenerator.sessionCount(userIndex: index)).map {
            sessionGenerator.session(userIndex: index, ordinal: $0, userID: id, userCreatedAt: created, activeUntil: until)
        }.sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.ordinal > $1.ordinal }
    }

    /// The live user's session with this id (`sess_…`) or client id (`client_…`).
    func session(id: String, prefix: StaticString, kind: ClerkID.Kind, in directory: borrowing UserDirectory)
        -> SessionProfile? {
        guard let (userIndex, ordinal) = sessionGenerator.decode(id, prefix: prefix, kind: kind),
              directory.isLive(userIndex) else { return nil }
        return sessions(ofUser: userIndex, in: directory).first {
            $0.ordinal == ordinal && (kind == .client ? $0.clientID == id : $0.id == id)
        }
    }
}
