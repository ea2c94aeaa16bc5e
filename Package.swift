// swift-tools-version:6.1
import PackageDescription

/// The processor hark's own code is compiled for. On x86-64 that is x86-64-v2 (the compiler
/// knows it as `nehalem`: SSE4.2 and POPCNT, which every x86-64 server since 2009 has, and which
/// RHEL 9 and its peers already require). The baseline x86-64 of 2003 has no population-count or
/// rounding instruction, so the text scanners' bit counts and every `rounded()` became a dozen
/// instructions or a call; this target cut `hark replay`'s CPU by 10.6 % (README, "Replay speed").
/// One level higher, x86-64-v3 (`haswell`), measured alike, so hark stays on the level more
/// processors have.
/// Other architectures keep the compiler's default.
#if arch(x86_64)
let processorSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "nehalem"])]
#else
let processorSettings: [SwiftSetting] = []
#endif

/// Compiler settings every hark target shares: Swift 6 language mode (strict concurrency)
/// plus the upcoming features we adopt, so no target drifts from the others.
let sharedSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
] + processorSettings

let package = Package(
    name: "hark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hark", targets: ["HarkCLI"]),
        .library(name: "HarkCore", targets: ["HarkCore"]),
        .library(name: "HarkListen", targets: ["HarkListen"]),
        .library(name: "HarkLearn", targets: ["HarkLearn"]),
        .library(name: "HarkTestKit", targets: ["HarkTestKit"]),
        .library(name: "HarkRespond", targets: ["HarkRespond"]),
        .library(name: "HarkDeliver", targets: ["HarkDeliver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // The pure core: mentions, text cleaning, time parsing, configuration values,
        // scheduling decisions. No I/O, no C; builds and tests without libcurl.
        .target(name: "HarkCore", swiftSettings: sharedSettings),

        // Learn: the topic query language, sentiment, abuse (pure: no I/O beyond reading rule files).
        .target(name: "HarkLearn", dependencies: ["HarkCore", "CFoldTables"], swiftSettings: sharedSettings),
        // The folding facts of every BMP scalar, generated from the Unicode data behind
        // `ScalarTable.computed()` and compiled in, so no process computes them at start-up.
        .target(name: "CFoldTables"),

        // Rule files: `rules/*.yaml` and lexicons into a classifier, rule tests.
        .target(
            name: "HarkRules",
            dependencies: ["HarkCore", "HarkConfig", "HarkLearn", "HarkRespond", "HarkDeliver"],
            swiftSettings: sharedSettings
        ),

        // The C boundary: libcurl from Debian, with typed wrappers for its variadic calls.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // One driver that owns every curl handle and runs transfers on the multi interface.
        .target(
            name: "HarkHTTP",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: sharedSettings
        ),

        // One way to run someone's program: stdin fed, output capped, timeout, process-group kill.
        // Used by the exec connector (listen) and the exec receiver (deliver).
        .target(name: "HarkProcess", swiftSettings: sharedSettings),

        // YAML files into positioned configuration values (errors as FILE:LINE:COL).
        .target(
            name: "HarkConfig",
            dependencies: ["HarkCore", "Yams"],
            swiftSettings: sharedSettings
        ),

        // Listen: connector types, feed and JSON parsers, the poller.
        .target(
            name: "HarkListen",
            dependencies: [
                "HarkCore", "HarkHTTP", "HarkConfig", "HarkState", "HarkProcess",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),

        // Durable state in SQLite: source validators and schedules, mentions already seen.
        .target(
            name: "HarkState",
            dependencies: ["HarkCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: sharedSettings
        ),

        // Respond, part 1: alerts, the routing tree, grouping and pacing, silences and inhibition
        // (pure values driven by an injected clock; no I/O).
        .target(
            name: "HarkRespond",
            dependencies: ["HarkCore", "HarkLearn"],
            swiftSettings: sharedSettings
        ),

        // Respond, part 2: receivers (webhook, Slack, e-mail, exec, file, stdout) over libcurl,
        // message templates, and the durable outbox.
        .target(
            name: "HarkDeliver",
            dependencies: [
                "HarkCore", "HarkHTTP", "HarkState", "HarkRespond", "HarkLearn", "HarkProcess",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),

        // The ordered half of the pipeline, shared by `hark replay` and `hark run`: themes, spikes,
        // alerts, routing and grouping after a mention is labelled.
        .target(
            name: "HarkPipeline",
            dependencies: ["HarkCore", "HarkLearn", "HarkRespond", "HarkRules"],
            swiftSettings: sharedSettings
        ),

        // What the daemon shows operators: metrics in Prometheus format, health, readiness and
        // status over a loopback HTTP endpoint (Hummingbird).
        .target(
            name: "HarkEndpoint",
            dependencies: [
                "HarkCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: sharedSettings
        ),

        // The daemon: poll, process and deliver as services in one group (swift-service-lifecycle),
        // reload on SIGHUP, systemd notifications.
        .target(
            name: "HarkService",
            dependencies: [
                "HarkCore", "HarkHTTP", "HarkListen", "HarkState", "HarkLearn", "HarkRules", "HarkRespond",
                "HarkDeliver", "HarkPipeline", "HarkEndpoint",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),

        // The `hark` command line. Only wiring.
        .executableTarget(
            name: "HarkCLI",
            dependencies: [
                "HarkCore", "HarkConfig", "HarkListen", "HarkState", "HarkHTTP", "HarkLearn", "HarkRules",
                "HarkRespond", "HarkDeliver", "HarkPipeline", "HarkService", "HarkEndpoint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),

        // Real servers on loopback for tests and benchmarks (HTTP, including hostile ones).
        .target(name: "HarkTestKit", dependencies: ["HarkCore"], swiftSettings: sharedSettings),

        .testTarget(name: "HarkCoreTests", dependencies: ["HarkCore"], swiftSettings: sharedSettings),
        .testTarget(name: "HarkLearnTests", dependencies: ["HarkLearn", "HarkCore"], swiftSettings: sharedSettings),
        .testTarget(
            name: "HarkRulesTests",
            dependencies: ["HarkRules", "HarkLearn", "HarkCore", "HarkDeliver"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkHTTPTests",
            dependencies: ["HarkHTTP", "HarkTestKit"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkConfigTests",
            dependencies: ["HarkConfig", "HarkCore"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkListenTests",
            dependencies: ["HarkListen", "HarkCore", "HarkHTTP", "HarkState", "HarkConfig", "HarkTestKit"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkStateTests",
            dependencies: ["HarkState", "HarkCore"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkRespondTests",
            dependencies: ["HarkRespond", "HarkLearn", "HarkCore", "HarkConfig"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkDeliverTests",
            dependencies: [
                "HarkDeliver", "HarkHTTP", "HarkState", "HarkCore", "HarkConfig", "HarkTestKit", "HarkRespond",
                "HarkLearn", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkPipelineTests",
            dependencies: ["HarkPipeline", "HarkRules", "HarkRespond", "HarkLearn", "HarkCore"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkServiceTests",
            dependencies: ["HarkService", "HarkRespond", "HarkCore"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkEndpointTests",
            dependencies: [
                "HarkEndpoint", "HarkCore", "HarkHTTP",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "HarkCLITests",
            dependencies: ["HarkCore", "HarkTestKit", "HarkHTTP"],
            swiftSettings: sharedSettings
        ),
    ]
)
