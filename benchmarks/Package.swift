// swift-tools-version: 6.1
// Benchmarks live apart from the tests: `swift test` at the root never builds them.
//
//   cd benchmarks && swift run -c release --scratch-path .build-bench StoreThroughput
import PackageDescription

let package = Package(
    name: "ChoreoBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Choreo", path: "..")],
    targets: [
        .executableTarget(
            name: "StoreThroughput",
            dependencies: [
                .product(name: "ChoreoEngine", package: "Choreo"),
                .product(name: "ChoreoStore", package: "Choreo"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
