// swift-tools-version:6.0
import PackageDescription

// No Swift package dependencies: the toolchain plus libsqlite3 and libpq only.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "clerk-mirror",
    products: [
        .executable(name: "clerk-mirror", targets: ["clerk-mirror"]),
        .executable(name: "fake-clerk", targets: ["fake-clerk"]),
    ],
    targets: [
        // System C libraries, found through pkg-config.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),

        // Structured logging handed to every component.
        .target(name: "Logging", swiftSettings: strict),
        // HTTP/1.1 over epoll. Knows nothing of Clerk.
        .target(name: "HTTPServer", dependencies: ["Logging"], swiftSettings: strict),
        // SHA-256, HMAC-SHA256, Svix webhook signatures.
        .target(name: "Signing", swiftSettings: strict),
        // One database interface over SQLite and PostgreSQL, and migrations. Knows nothing of HTTP.
        .target(name: "Store", dependencies: ["CSQLite", "CLibPQ", "Logging", "Signing"], swiftSettings: strict),
        // The Clerk Backend API client. Knows nothing of the store.
        .target(name: "ClerkAPI", dependencies: ["Logging"], swiftSettings: strict),
        // The mirror's domain: settings, inbox, worker, reconciler, read API. Ties the parts together.
        .target(name: "Mirror", dependencies: ["Logging", "HTTPServer", "Signing", "Store", "ClerkAPI"],
                swiftSettings: strict),
        // The executable: reads settings, wires the parts, handles signals.
        .executableTarget(name: "clerk-mirror", dependencies: ["Mirror"], swiftSettings: strict),
        // A stand-in for Clerk's Backend API and webhook sender, for tests and trying the mirror.
        .target(name: "FakeClerk", dependencies: ["HTTPServer", "Signing", "Logging"],
                exclude: ["README.md"], swiftSettings: strict),
        .executableTarget(name: "fake-clerk", dependencies: ["FakeClerk", "Logging"], swiftSettings: strict),
        // A fixed-response server for scripts/bench-http.
        .executableTarget(name: "http-bench-server", dependencies: ["HTTPServer", "Logging"],
                          path: "Benchmarks/HTTPBenchServer", swiftSettings: strict),
        // The store's upsert benchmark (scripts/bench-store), beside Python's sqlite3 and pgbench.
        .executableTarget(name: "store-bench", dependencies: ["Store"], path: "Benchmarks/StoreBench", swiftSettings: strict),
        // Seeds users for the read API's benchmark (scripts/bench-read).
        .executableTarget(name: "read-bench", dependencies: ["Mirror", "Store"], path: "Benchmarks/ReadBench", swiftSettings: strict),

        // Shared by the test targets: throwaway databases on SQLite and the test PostgreSQL.
        .target(name: "TestSupport", dependencies: ["Store"], swiftSettings: strict),

        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SigningTests", dependencies: ["Signing"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ClerkAPITests", dependencies: ["ClerkAPI"], swiftSettings: strict),
        .testTarget(name: "MirrorTests", dependencies: ["Mirror", "TestSupport", "FakeClerk", "ClerkAPI"], swiftSettings: strict),
        .testTarget(name: "FakeClerkTests", dependencies: ["FakeClerk", "Signing", "ClerkAPI", "HTTPServer"],
                    swiftSettings: strict),
        .testTarget(name: "ClerkMirrorCLITests", dependencies: ["Mirror", "Signing", "TestSupport", "FakeClerk"], swiftSettings: strict),
    ]
)
