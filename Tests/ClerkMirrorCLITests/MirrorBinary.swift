import Foundation

/// Runs the real `clerk-mirror` executable that `swift build` put beside the test bundle.
enum MirrorBinary {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["CLERK_MIRROR_BINARY"] { return explicit }
        // The test bundle lives in the build products folder, next to the executable.
        var folder = URL(fileURLWithPath: Bundle.main.bundlePath)
        if !folder.hasDirectoryPath || folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        let candidate = folder.appendingPathComponent("clerk-mirror").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/clerk-mirror").path
    }

    /// Runs the binary with `arguments` and exactly `environment` (plus PATH), in `directory`.
    /// The wait happens on a thread of its own: blocking a thread of Swift's small
    /// cooperative pool would stall every other test running beside this one.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try runBlocking(arguments, environment: environment, directory: directory) })
            }
            thread.start()
        }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], directory: String?) throws -> Outcome {
        let process = process(arguments, environment: environment, directory: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a chatty child cannot fill the pipe and block.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The binary, set up to run with `arguments` and exactly `environment` (plus PATH).
    static func process(_ arguments: [String], environment: [String: String], directory: String?) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return process
    }

    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clerk-mirror-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }
}
