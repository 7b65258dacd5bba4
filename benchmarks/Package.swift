// swift-tools-version: 6.1
// Scheduler benchmarks, apart from the root package so that `swift test` never builds
// ordo-one/benchmark. Run them from this directory:
//
//   swift package --disable-sandbox benchmark
//   swift package --disable-sandbox benchmark thresholds check
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
for name in ["EventQueue", "EngineRoundTrip", "SeedLoad", "MonteCarlo", "StoreThroughput"] {
    var dependencies: [Target.Dependency] = [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "ChoreoSim", package: "Choreo"),
    ]
    if name == "StoreThroughput" {
        dependencies.append(.product(name: "ChoreoStore", package: "Choreo"))
    }
    package.targets.append(
        .executableTarget(
            name: name,
            dependencies: dependencies,
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
