import Foundation
import TestSupport
import Testing

/// The operator commands' refusals: bad usage (2), nothing to work on (1), and `serve`'s own
/// start-up errors, each as one line on stderr.
@Suite struct OperatorCommandTests {
    @Test(arguments: [
        ["status", "--yaml"],
        ["dead-letters"],
        ["dead-letters", "purge"],
        ["dead-letters", "list", "--limit", "0"],
        ["dead-letters", "replay"],
        ["dead-letters", "replay", "--all", "msg_1"],
        ["healthcheck", "now"],
        ["serve", "--webhooks"],
    ])
    func badUsageIsStatusTwo(arguments: [String]) async throws {
        let folder = try MirrorBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try await MirrorBinary.run(arguments, directory: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing created")
    }

    /// `status` and `dead-letters` read an existing store; they never create one.
    @Test(arguments: [["status"], ["status", "--json"], ["dead-letters", "list"], ["dead-letters", "replay", "--all"]])
    func operatorCommandsNeedAnExistingDatabase(arguments: [String]) async throws {
        let folder = try MirrorBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try await MirrorBinary.run(arguments, directory: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func healthcheckNeedsAFixedPort() async throws {
        #expect(try await MirrorBinary.run(["healthcheck"], environment: ["MIRROR_LISTEN": "127.0.0.1:0"]).status == 1)
    }

    @Test func serveWithoutASigningSecretNamesIt() async throws {
        let folder = try MirrorBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try await MirrorBinary.run(["serve"], directory: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("clerk-mirror: CLERK_WEBHOOK_SIGNING_SECRET:"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    /// A second `serve` on the port of a running one stops with status 1 and says why; the
    /// health check passes while the first runs and fails once it has stopped.
    @Test func serveOnAPortInUseFailsAndHealthFollowsTheProcess() async throws {
        let folder = try MirrorBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try ServeProcess(["serve", "--no-webhooks"],
                                     environment: ["DATABASE_URL": "sqlite:\(folder)/a.sqlite3", "MIRROR_LISTEN": "127.0.0.1:0"])
        defer { first.kill() }
        let port = try await first.port()
        let second = try await MirrorBinary.run(["serve", "--no-webhooks"], environment: [
            "DATABASE_URL": "sqlite:\(folder)/b.sqlite3", "MIRROR_LISTEN": "127.0.0.1:\(port)",
        ])
        #expect(second.status == 1)
        #expect(second.stderr.split(separator: "\n").last?.hasPrefix("clerk-mirror: cannot start") == true, "\(second.stderr)")
        let listen = ["MIRROR_LISTEN": "127.0.0.1:\(port)"]
        #expect(try await MirrorBinary.run(["healthcheck"], environment: listen).status == 0)
        first.signal(SIGTERM)
        #expect(try await first.waitForExit() == 0)
        #expect(try await MirrorBinary.run(["healthcheck"], environment: listen).status == 1)
    }
}
