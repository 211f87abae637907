import Glibc
import Logging

/// The accept loop: one child task per connection in a discarding task group.
extension HTTPServer {
    static func acceptLoop(listener: Socket, context: ServerContext) async {
        await withDiscardingTaskGroup { group in
            while !context.draining.load(ordering: .relaxed) {
                do {
                    guard let (client, address) = try listener.accept() else {
                        try await context.loop.wait(for: .read, on: listener.fd, deadline: 0)
                        continue
                    }
                    if context.draining.load(ordering: .relaxed)
                        || context.openConnections.load(ordering: .relaxed) >= context.configuration.maxConnections {
                        refuse(client, context: context)
                        continue
                    }
                    context.openConnections.add(1, ordering: .relaxed)
                    group.addTask {
                        await HTTPConnection(socket: client, remoteAddress: address, context: context).run()
                        context.openConnections.subtract(1, ordering: .relaxed)
                    }
                } catch SocketError.closed, SocketError.shuttingDown {
                    break
                } catch {
                    // EMFILE and friends: back off instead of spinning; the pending connection waits in the backlog.
                    context.logger.warning("http.accept.failed", ["error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
            listener.close()
        }
    }

    /// Over the connection limit: a best-effort 503 and close, without a task or a wait.
    private static func refuse(_ client: Socket, context: ServerContext) {
        var response: [UInt8] = []
        ResponseSerializer.appendError(503, dateLine: context.dates.headerLine(), to: &response)
        _ = try? response.withUnsafeBytes { try client.send($0) }
        client.shutdownWrite()
        // Read what already arrived so the close is a FIN, not a reset that could discard the 503.
        var scratch = [UInt8](repeating: 0, count: 4096)
        _ = try? scratch.withUnsafeMutableBytes { try client.receive(into: $0) }
        client.close()
        context.logger.info("http.connection.refused", ["reason": "max_connections"])
    }
}
