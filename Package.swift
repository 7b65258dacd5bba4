// swift-tools-version: 6.1
import PackageDescription

/// The simulator's hot path is class-held state (the engine, its store, the simulated
/// teams) touched a few hundred times per task; release builds of the hot modules skip the
/// dynamic exclusivity checks on it, which took a fifth of a load test's instructions. The
/// SQLite store's write path is the same kind of code (its state and JSON buffers, touched
/// some 390,000 times in a batched run of 44,000 task changes). Debug builds (and so the
/// tests) keep the checks.
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "Choreo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "choreo", targets: ["choreo"]),
        .library(name: "ChoreoModel", targets: ["ChoreoModel"]),
        .library(name: "ChoreoEngine", targets: ["ChoreoEngine"]),
        .library(name: "ChoreoSim", targets: ["ChoreoSim"]),
        .library(name: "ChoreoReports", targets: ["ChoreoReports"]),
        .library(name: "ChoreoStore", targets: ["ChoreoStore"]),
        .library(name: "ChoreoServer", targets: ["ChoreoServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        // Already the SDK's; named here for the file descriptors of its stdio transport in tests.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .target(name: "ChoreoModel", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "ChoreoEngine", dependencies: ["ChoreoModel"], swiftSettings: hotPathSettings),
        .target(
            name: "ChoreoSim",
            dependencies: [
                "ChoreoEngine", .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: hotPathSettings
        ),
        .target(name: "ChoreoReports", dependencies: ["ChoreoSim"]),
        .target(
            name: "ChoreoStore",
            dependencies: [
                "ChoreoEngine", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the statements the write path binds itself.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: hotPathSettings
        ),
        .target(
            name: "ChoreoServer",
            dependencies: [
                "ChoreoEngine", "ChoreoStore", "ChoreoReports",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        // The child process of ChoreoStoreTests' crash test.
        .executableTarget(name: "ChoreoCrashDriver", dependencies: ["ChoreoStore"]),
        .executableTarget(
            name: "choreo",
            dependencies: [
                "ChoreoModel", "ChoreoEngine", "ChoreoSim", "ChoreoReports", "ChoreoStore",
                "ChoreoServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ChoreoModelTests", dependencies: ["ChoreoModel"]),
        .testTarget(name: "ChoreoEngineTests", dependencies: ["ChoreoEngine"]),
        // Fixtures are read by path (`#filePath`), not bundled as resources.
        .testTarget(name: "ChoreoSimTests", dependencies: ["ChoreoSim"], exclude: ["Fixtures"]),
        .testTarget(name: "ChoreoReportsTests", dependencies: ["ChoreoReports"]),
        .testTarget(
            name: "ChoreoStoreTests",
            dependencies: [
                "ChoreoStore", "ChoreoSim", "ChoreoReports", "ChoreoCrashDriver",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Its process tests find the `choreo` executable beside the test binary.
        .testTarget(
            name: "ChoreoServerTests",
            dependencies: [
                "ChoreoServer", "choreo", .product(name: "MCP", package: "swift-sdk"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
