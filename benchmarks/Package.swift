// swift-tools-version: 6.1
// Scheduler benchmarks, apart from the root package so that `swift test` never builds
// ordo-one/benchmark. Run them from this directory:
//
//   swift package --disable-sandbox benchmark
//   swift package --disable-sandbox benchmark thresholds check
//   swift run -c release StoreThroughput      # SQLite store throughput (a plain executable)
import PackageDescription

let package = Package(
    name: "ChoreoBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Choreo", path: ".."),
        .package(
            url: "https://github.com/ordo-one/benchmark", from: "1.38.1",
            traits: ["MallocInterposer"]),
    ],
    targets: []
)

/// One executable per `Benchmarks/<Name>/<Name>.swift`, as ordo-one/benchmark expects.
for name in ["EventQueue", "EngineRoundTrip", "SeedLoad", "MonteCarlo"] {
    package.targets.append(
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ChoreoSim", package: "Choreo"),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}

/// Task state changes per second through SQLiteStore, batched and per command.
package.targets.append(
    .executableTarget(
        name: "StoreThroughput",
        dependencies: [
            .product(name: "ChoreoEngine", package: "Choreo"),
            .product(name: "ChoreoStore", package: "Choreo"),
        ],
        path: "Sources/StoreThroughput"
    )
)
