import Foundation
import HTTPServer
import Logging

// Serves GET /bench: a fixed 1.5 KB JSON body from memory. Used by scripts/bench-http.
// Port from --port N or HTTP_BENCH_PORT (default 0: the bound port is printed on stdout).

func argumentPort() -> Int {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--port"), index + 1 < arguments.count, let port = Int(arguments[index + 1]) {
        return port
    }
    return ProcessInfo.processInfo.environment["HTTP_BENCH_PORT"].flatMap(Int.init) ?? 0
}

/// 1,536 bytes of JSON: an array of small records, padded to size.
func benchBody() -> [UInt8] {
    var text = "{\"items\":["
    var index = 0
    while text.utf8.count < 1_400 {
        if index > 0 { text += "," }
        text += "{\"id\":\(index),\"name\":\"user\(index)\",\"ok\":true}"
        index += 1
    }
    text += "],\"pad\":\""
    text += String(repeating: "x", count: 1_536 - text.utf8.count - 2)
    text += "\"}"
    return Array(text.utf8)
}

let body = benchBody()
if CommandLine.arguments.contains("--print-body") {
    FileHandle.standardOutput.write(Data(body))
    exit(0)
}

let sink = JSONLineSink()
let logger = Logger(label: "http", minimumLevel: .warning) { sink.write($0) }
var router = Router()
router.add("GET", "/bench") { _ in .json(200, body) }
let server = HTTPServer(configuration: HTTPServerConfiguration(port: argumentPort(), logger: logger), router: router)
let port = try await server.start()
FileHandle.standardOutput.write(Data("listening \(port)\n".utf8))

signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
let signals = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0) }
let stopRequested = AsyncStream<Void> { continuation in
    for source in signals {
        source.setEventHandler { continuation.yield() }
        source.resume()
    }
}
for await _ in stopRequested { break }
await server.shutdown()
