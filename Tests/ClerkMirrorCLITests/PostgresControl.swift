import Foundation
import TestSupport

/// Stops and starts the test PostgreSQL server that `scripts/test` runs (`TEST_PG_CTL`,
/// `TEST_PG_DATA`, `TEST_PG_USER`, `TEST_PG_PORT`), with the options it was started with; as
/// `TEST_PG_USER` through runuser when the tests run as root. Other tests share the server:
/// `withOutage` always starts it again.
enum PostgresControl {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static var available: Bool {
        ["TEST_PG_CTL", "TEST_PG_DATA", "TEST_PG_USER", "TEST_PG_PORT"].allSatisfy { environment[$0] != nil }
    }

    /// Runs `body` with the server stopped for at least `duration` (stopped before `body`
    /// starts, started again once both `duration` has passed and `body` has returned).
    static func withOutage<T: Sendable>(_ duration: Duration, _ body: () async throws -> T) async throws -> T {
        try await pgCtl(["-m", "fast", "-w", "stop"])
        let back = ContinuousClock.now + duration
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        try? await Task.sleep(until: back)
        do { try await start() } catch { try await start() }
        return try result.get()
    }

    static func start() async throws {
        let data = environment["TEST_PG_DATA"] ?? ""
        let folder = (data as NSString).deletingLastPathComponent
        let options = "-p \(environment["TEST_PG_PORT"] ?? "") -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        try await pgCtl(["-l", "\(folder)/server.log", "-w", "-t", "60", "-o", options, "start"])
    }

    private static func pgCtl(_ arguments: [String]) async throws {
        guard available else { throw TestSupportError("TEST_PG_* is not set: run the suite with scripts/test") }
        var command = [environment["TEST_PG_CTL"]!, "-D", environment["TEST_PG_DATA"]!] + arguments
        if getuid() == 0 { command = ["/usr/sbin/runuser", "-u", environment["TEST_PG_USER"]!, "--"] + command }
        let status = try await run(command)
        guard status == 0 else { throw TestSupportError("pg_ctl \(arguments.last ?? "") exited \(status)") }
    }

    /// Runs `command` to its end on a thread of its own (never on the cooperative pool), with
    /// posix_spawn and waitpid: Foundation's `Process` left `pg_ctl start`'s runuser unreaped.
    static func run(_ command: [String]) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                var pid: pid_t = 0
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                defer { posix_spawn_file_actions_destroy(&actions) }
                var arguments = command.map { strdup($0) }
                arguments.append(nil)
                defer { arguments.forEach { free($0) } }
                let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
                guard spawned == 0 else {
                    continuation.resume(throwing: TestSupportError("posix_spawn \(command[0]): \(spawned)"))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                // WEXITSTATUS, spelled out: Glibc's macro does not reach Swift.
                continuation.resume(returning: (status >> 8) & 0xFF)
            }.start()
        }
    }
}
