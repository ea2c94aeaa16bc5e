// swift-tools-version:6.1
import PackageDescription

// Benchmarks live apart from the tests: they are run on purpose (`Benchmarks/run`), build in
// release mode, and compare hark side by side with its peers in the same run.
let settings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "hark-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "hark", path: "..")],
    targets: [
        .executableTarget(
            name: "FeedParseBench",
            dependencies: [.product(name: "HarkListen", package: "hark"), .product(name: "HarkCore", package: "hark")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "PollBench",
            dependencies: [
                .product(name: "HarkListen", package: "hark"), .product(name: "HarkCore", package: "hark"),
                .product(name: "HarkTestKit", package: "hark"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "SentimentBench",
            dependencies: [.product(name: "HarkLearn", package: "hark"), .product(name: "HarkCore", package: "hark")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "DemandBench",
            dependencies: [.product(name: "HarkLearn", package: "hark"), .product(name: "HarkCore", package: "hark")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "MatcherBench",
            dependencies: [.product(name: "HarkLearn", package: "hark"), .product(name: "HarkCore", package: "hark")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "ThemesBench",
            dependencies: [.product(name: "HarkLearn", package: "hark"), .product(name: "HarkCore", package: "hark")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "RouteBench",
            dependencies: [
                .product(name: "HarkRespond", package: "hark"), .product(name: "HarkLearn", package: "hark"),
                .product(name: "HarkCore", package: "hark"),
            ],
            swiftSettings: settings
        ),
    ]
)
