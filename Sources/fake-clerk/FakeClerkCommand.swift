import FakeClerk
import Foundation
import Logging

/// `fake-clerk serve …` and `fake-clerk send-webhooks …`: reads the command line, wires the
/// parts, handles signals.
@main
enum FakeClerkCommand {
    static let usage = """
        fake-clerk: a stand-in for Clerk's Backend API and webhooks, for tests and trying clerk-mirror.

        fake-clerk serve --users N [--seed S] [--listen HOST:PORT] [--secret-key K]
                         [--rate-limit N/1s] [--retry-after SECONDS] [--error-rate 0.05]
                         [--truncate-rate 0.01] [--latency 50ms] [--reject-starting-after]
            Serves GET /v1/users, /v1/users/count, /v1/users/{id}, /v1/sessions, /v1/sessions/{id}
            over N generated users. Prints the base URL on the first line of stdout; stops on
            SIGINT or SIGTERM. Defaults: seed 1, 127.0.0.1:0 (a free port), key sk_test_fake.

        fake-clerk send-webhooks --url URL --secret whsec_... --users N --events M
                         [--seed S] [--concurrency C] [--retry-delays 5s,5m,...] [--timeout 15s]
            Sends M Svix-signed user events (user.created for the first N, then user.updated)
            about the same users `serve` with that seed and count serves, retrying like Svix,
            and prints how many got a 2xx. Exits 0 only if all did.
        """

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let sink = JSONLineSink(fileDescriptor: 2)
        let logger = Logger(label: "fake-clerk", minimumLevel: .warning) { sink.write($0) }
        do {
            switch arguments.first {
            case "serve": try await serve(Array(arguments.dropFirst()), logger: logger)
            case "send-webhooks": try await sendWebhooks(Array(arguments.dropFirst()), logger: logger)
            case "--help", "-h", "help":
                print(usage)
            default:
                fail(usage, status: 2)
            }
        } catch let error as CommandLineOptions.UsageError {
            fail("fake-clerk: \(error.description)\nRun fake-clerk --help for usage.", status: 2)
        } catch {
            fail("fake-clerk: \(error)", status: 1)
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }
}
