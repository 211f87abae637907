import Foundation
import Logging
import Mirror
import Store

/// The executable: reads the command line and settings, wires the parts, reports the outcome.
@main
enum ClerkMirrorCommand {
    static func main() async {
        let sink = JSONLineSink(fileDescriptor: 2)
        let logger = Logger(label: "clerk-mirror") { sink.write($0) }
        let arguments: Arguments
        do {
            arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
        } catch {
            fail("\(error)\nRun clerk-mirror --help for usage.", status: 2)
        }
        if arguments.wantsVersion {
            print("clerk-mirror \(MirrorVersion.current)")
            return
        }
        guard !arguments.wantsHelp, let command = arguments.command else {
            print(Usage.text)
            if !arguments.wantsHelp { exit(2) }
            return
        }
        let settings: Settings
        do {
            settings = try Settings.load(environment: ProcessInfo.processInfo.environment,
                                         configFile: arguments.configFile)
        } catch {
            fail(error.description, status: 2)
        }
        switch command {
        case "serve":
            var options = ServeOptions()
            for word in arguments.rest {
                guard word == "--no-webhooks" else { fail("serve: unknown option \(word)", status: 2) }
                options.noWebhooks = true
            }
            await serve(settings: settings, options: options, logger: logger)
        case "migrate":
            guard arguments.rest.isEmpty else { fail("migrate takes no arguments", status: 2) }
            await migrate(settings: settings, logger: logger)
        case "resync":
            await ResyncCommand.run(arguments.rest, settings: settings, logger: logger)
        case "status":
            await StatusCommand.run(arguments.rest, settings: settings)
        case "dead-letters":
            await DeadLettersCommand.run(arguments.rest, settings: settings)
        case "healthcheck":
            await HealthcheckCommand.run(arguments.rest, settings: settings)
        default:
            fail("unknown command \"\(command)\"\nRun clerk-mirror --help for usage.", status: 2)
        }
    }

    static func serve(settings: Settings, options: ServeOptions, logger: Logger) async {
        let service: MirrorService
        do {
            service = try MirrorService(settings: settings, options: options, logger: logger)
        } catch {
            fail(error.description, status: 2)
        }
        let watchdog = ShutdownWatchdog(deadline: settings.shutdownTimeout, logger: logger)
        let signals = SignalHandler { number in
            logger.info("signal_received", ["signal": number == SIGTERM ? "SIGTERM" : "SIGINT"])
            watchdog.arm()
            Task { await service.shutdown() }
        }
        do {
            _ = try await service.start()
        } catch {
            let stopping = service.isStopping
            await service.shutdown()
            // A signal during start-up is a shutdown like any other.
            if stopping { return }
            fail("cannot start: \(error)", status: 1)
        }
        do {
            try await service.run()
        } catch {
            fail("stopped with an error: \(error)", status: 1)
        }
        withExtendedLifetime(signals) {}
    }

    static func migrate(settings: Settings, logger: Logger) async {
        do {
            let database = try settings.database.open(poolSize: 1)
            let applied = try await MigrationRunner(database: database, logger: logger.child("migrations")).migrate()
            await database.close()
            let latest = Migration.all(for: settings.database.dialect).last?.version ?? 0
            print(applied.isEmpty
                ? "\(settings.database): schema is up to date (version \(latest))"
                : "\(settings.database): applied \(applied.count) migration(s), now at version \(latest)")
        } catch {
            fail("cannot migrate \(settings.database): \(error)", status: 1)
        }
    }

    /// One line on stderr, then exit: the contract for settings and start-up failures.
    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("clerk-mirror: \(message)\n".utf8))
        exit(status)
    }
}
