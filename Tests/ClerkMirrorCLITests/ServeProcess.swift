import Foundation
import Synchronization
import TestSupport

/// `clerk-mirror serve` running as a child process: its stderr log lines collected as they
/// come (on a thread of their own), its port read from the `serving` line, signals sent with
/// kill(2), its exit awaited through the termination handler. Nothing here blocks a thread of
/// Swift's cooperative pool.
final class ServeProcess: Sendable {
    private struct State {
        var lines: [String] = []
        var exitStatus: Int32?
        var exitWaiters: [CheckedContinuation<Int32, Never>] = []
    }

    private let process: Process
    private let state = Mutex(State())

    /// Starts the binary with `arguments` and exactly `environment` (plus PATH); with
    /// `fileSizeLimit`, under `ulimit -f` (bytes, rounded down to 512) with SIGXFSZ ignored,
    /// so that a write past it fails with EFBIG, as on a full disk.
    init(_ arguments: [String] = ["serve"], environment: [String: String], directory: String? = nil,
         fileSizeLimit: Int? = nil) throws {
        process = MirrorBinary.process(arguments, environment: environment, directory: directory)
        if let fileSizeLimit {
            process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(fileSizeLimit / 512); exec \"$0\" \"$@\"", MirrorBinary.path] + arguments
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.terminationHandler = { [self] process in
            let waiters = self.state.withLock { state in
                state.exitStatus = process.terminationStatus
                defer { state.exitWaiters = [] }
                return state.exitWaiters
            }
            waiters.forEach { $0.resume(returning: process.terminationStatus) }
        }
        try process.run()
        let reading = errors.fileHandleForReading
        Thread { [self] in
            var pending = Data()
            while true {
                let chunk = reading.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    self.state.withLock { $0.lines.append(line) }
                }
            }
        }.start()
    }

    var pid: Int32 { process.processIdentifier }

    /// Every stderr line so far.
    var lines: [String] { state.withLock { $0.lines } }

    /// Log lines parsed as JSON objects (lines that are not are left out).
    var records: [[String: String]] {
        lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
        }
    }

    /// Waits until a log record with `event` appears; returns it.
    @discardableResult
    func waitForEvent(_ event: String, timeout: Duration = .seconds(30)) async throws -> [String: String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let record = records.first(where: { $0["event"] == event }) { return record }
            if state.withLock({ $0.exitStatus }) != nil {
                throw TestSupportError("serve exited before logging \(event):\n\(lines.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("no \(event) within \(timeout):\n\(lines.joined(separator: "\n"))")
    }

    /// The bound port, from the `serving` line (`MIRROR_LISTEN` may say port 0).
    func port() async throws -> Int {
        let serving = try await waitForEvent("serving")
        guard let listen = serving["listen"], let colon = listen.lastIndex(of: ":"),
              let port = Int(listen[listen.index(after: colon)...]) else {
            throw TestSupportError("serving line without a port: \(serving)")
        }
        return port
    }

    func signal(_ number: Int32) {
        Foundation.kill(process.processIdentifier, number)
    }

    /// The exit status; after `timeout` the process is killed and the wait fails.
    func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await self.exitStatus() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil { self.kill() }
            group.cancelAll()
            return first
        }
        guard let status else { throw TestSupportError("serve did not exit within \(timeout)") }
        return status
    }

    private func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Int32? in
                if let status = state.exitStatus { return status }
                state.exitWaiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// SIGKILL if still running: the cleanup of a failed test.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
