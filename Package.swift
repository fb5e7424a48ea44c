// swift-tools-version: 6.1
// Sira: an AI gateway, and a course about building one.
//
// The manifest has one unusual part, the exercise switch. A learner sets `SIRA_EXERCISES`
// (`00`, `06,07` or `all`) and the modules of those chapters are compiled from the generated
// starters in `Exercises/NN-slug/<Module>/` instead of `Sources/<Module>/`. Module names stay the
// same, so the same tests and the same gateway run on the learner's code. Unset, the production
// build never sees learner code. See `docs/decisions/0002-course-mechanism.md`.

import Foundation
import PackageDescription

/// Which modules are built from exercise starters instead of `Sources/`.
///
/// `Exercises/` holds one folder per chapter (`00-the-shape-of-a-gateway`) and in it one folder
/// per module the chapter teaches. The folders are read here, so adding a chapter needs no edit
/// to this file. `SIRA_EXERCISES_ROOT` lets `scripts/check-exercises` point at scratch variants
/// (a folder inside the package, such as `.build-exercises/variants`).
func exerciseOverrides() -> [String: String] {
    guard let selection = Context.environment["SIRA_EXERCISES"], !selection.isEmpty else { return [:] }
    let root = Context.environment["SIRA_EXERCISES_ROOT"] ?? "Exercises"
    let wanted = Set(selection.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    let fileManager = FileManager.default
    let rootURL = URL(fileURLWithPath: Context.packageDirectory).appendingPathComponent(root)
    let chapters = (try? fileManager.contentsOfDirectory(atPath: rootURL.path)) ?? []
    var overrides: [String: String] = [:]
    for chapter in chapters.sorted() where !chapter.hasPrefix(".") {  // `.generated` is the starters' record
        let number = String(chapter.prefix(2))
        guard wanted.contains("all") || wanted.contains(number) else { continue }
        let modules = (try? fileManager.contentsOfDirectory(atPath: rootURL.appendingPathComponent(chapter).path)) ?? []
        for module in modules where !module.hasPrefix(".") {
            overrides[module] = "\(root)/\(chapter)/\(module)"
        }
    }
    return overrides
}

let overrides = exerciseOverrides()

/// The folder a concept module is compiled from: its starter when selected, else `Sources/<name>`.
func path(of module: String) -> String {
    overrides[module] ?? "Sources/\(module)"
}

/// Swift 6 language mode (set below) brings strict concurrency; `any` is spelled out for existentials.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Sira",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SiraCore", targets: ["SiraCore"]),
        .library(name: "SiraHTTPParser", targets: ["SiraHTTPParser"]),
        .library(name: "SiraHTTP", targets: ["SiraHTTP"]),
        .library(name: "SiraProviders", targets: ["SiraProviders"]),
        .library(name: "SiraRouting", targets: ["SiraRouting"]),
        .library(name: "SiraCache", targets: ["SiraCache"]),
        .library(name: "SiraResilience", targets: ["SiraResilience"]),
        .library(name: "SiraConfig", targets: ["SiraConfig"]),
        .library(name: "SiraGateway", targets: ["SiraGateway"]),
        .library(name: "SiraTesting", targets: ["SiraTesting"]),
        .executable(name: "sira", targets: ["sira"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        // The mirror holds Yams 5 and 6: the range pins the major so a fresh resolve picks the same one.
        .package(url: "https://github.com/jpsim/Yams.git", "6.0.0"..<"7.0.0"),
        // The mirror holds swift-crypto 3 and 4 (AsyncHTTPClient already resolves 4): pinned the same way.
        .package(url: "https://github.com/apple/swift-crypto.git", "4.0.0"..<"5.0.0"),
    ],
    targets: [
        // The graph reads as the architecture (docs/architecture.md §2): concept modules, one per
        // chapter, each depending only on those below it; SiraGateway on top of them, wiring endpoints,
        // pipelines and providers from a configuration; the executable, the stages and SiraTesting on
        // top of SiraGateway.

        // MARK: Concept modules, one per chapter
        .target(
            name: "SiraCore",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: path(of: "SiraCore"),
            swiftSettings: strict
        ),

        .target(
            name: "SiraHTTPParser",
            dependencies: ["SiraCore"],
            path: path(of: "SiraHTTPParser"),
            swiftSettings: strict
        ),

        .target(
            name: "SiraHTTP",
            dependencies: [
                "SiraCore", "SiraHTTPParser",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SiraHTTP",
            swiftSettings: strict
        ),

        .target(
            name: "SiraProviders",
            dependencies: [
                "SiraCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            path: path(of: "SiraProviders"),
            swiftSettings: strict
        ),

        .target(
            name: "SiraRouting",
            dependencies: ["SiraCore", "SiraProviders", "SiraResilience"],
            path: path(of: "SiraRouting"),
            swiftSettings: strict
        ),

        .target(
            name: "SiraCache",
            dependencies: ["SiraCore", "SiraProviders", .product(name: "Crypto", package: "swift-crypto")],
            path: path(of: "SiraCache"),
            swiftSettings: strict
        ),

        .target(
            name: "SiraResilience",
            dependencies: ["SiraCore"],
            path: path(of: "SiraResilience"),
            swiftSettings: strict
        ),

        .target(
            name: "SiraConfig",
            dependencies: [
                "SiraCore", "SiraProviders", "SiraRouting", "SiraResilience", .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/SiraConfig",
            swiftSettings: strict
        ),

        // MARK: The wiring module: endpoints, and the gateway built from a configuration
        .target(
            name: "SiraGateway",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraProviders", "SiraRouting", "SiraCache", "SiraResilience", "SiraConfig",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/SiraGateway",
            swiftSettings: strict
        ),

        // MARK: Support modules
        .target(
            name: "SiraTesting",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraConfig", "SiraProviders", "SiraRouting", "SiraGateway",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/SiraTesting",
            swiftSettings: strict
        ),

        .executableTarget(
            name: "sira",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraProviders", "SiraRouting", "SiraConfig", "SiraGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: Chapter stages: the gateway as it stands after each chapter
        .executableTarget(
            name: "stage-01",
            dependencies: ["SiraCore", "SiraHTTP", .product(name: "Logging", package: "swift-log")],
            path: "Chapters/01-http-from-bytes/Stage",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "stage-02",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraProviders", "SiraConfig", "SiraGateway",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Chapters/02-provider-adapters/Stage",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "stage-03",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraProviders", "SiraRouting", "SiraConfig", "SiraGateway",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Chapters/03-routing/Stage",
            swiftSettings: strict
        ),

        .executableTarget(
            name: "stage-04",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraProviders", "SiraRouting", "SiraConfig", "SiraGateway",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Chapters/04-caching/Stage",
            swiftSettings: strict
        ),

        .executableTarget(
            name: "stage-05",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraProviders", "SiraRouting", "SiraConfig", "SiraGateway",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Chapters/05-resilience/Stage",
            swiftSettings: strict
        ),

        // MARK: Unit tests of the reference
        .testTarget(
            name: "SiraCacheTests",
            dependencies: ["SiraCache", "SiraCore", "SiraTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraResilienceTests",
            dependencies: [
                "SiraResilience", "SiraCore", "SiraRouting", "SiraProviders", "SiraTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraCoreTests",
            dependencies: ["SiraCore", "SiraTesting"],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraHTTPParserTests",
            dependencies: ["SiraHTTPParser", "SiraCore", "SiraTesting"],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraHTTPTests",
            dependencies: ["SiraHTTP", "SiraHTTPParser", "SiraCore", "SiraTesting"],
            exclude: ["Resources"],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraProvidersTests",
            dependencies: [
                "SiraProviders", "SiraGateway", "SiraHTTP", "SiraCore", "SiraTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraRoutingTests",
            dependencies: [
                "SiraRouting", "SiraResilience", "SiraProviders", "SiraGateway", "SiraHTTP", "SiraCore", "SiraTesting",
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraConfigTests",
            dependencies: [
                "SiraConfig", "SiraProviders", "SiraGateway", "SiraCore", "SiraRouting", "SiraResilience", "SiraHTTP",
                "SiraTesting",
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SiraGatewayTests",
            dependencies: [
                "SiraGateway", "SiraConfig", "SiraProviders", "SiraCore", "SiraRouting", "SiraHTTP", "SiraTesting",
            ],
            swiftSettings: strict
        ),

        // MARK: Exercise tests, one target per chapter
        .testTarget(
            name: "Chapter00GatewayShapeTests",
            dependencies: ["SiraCore", "SiraGateway", "SiraTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "Chapter01HTTPTests",
            dependencies: ["SiraHTTPParser", "SiraCore", "SiraTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "Chapter02ProvidersTests",
            dependencies: ["SiraProviders", "SiraCore", "SiraTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "Chapter03RoutingTests",
            dependencies: [
                "SiraRouting", "SiraProviders", "SiraCore", "SiraTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "Chapter04CachingTests",
            dependencies: [
                "SiraCache", "SiraCore", "SiraTesting", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "Chapter05ResilienceTests",
            dependencies: ["SiraResilience", "SiraCore", "SiraTesting"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Benchmarks are built only by scripts/bench-*, in release mode in their own scratch folder.
if Context.environment["SIRA_BENCH"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "parser-bench",
            dependencies: [
                "SiraHTTPParser",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Benchmarks/ParserBench"
        )
    )
    package.targets.append(
        .executableTarget(
            name: "proxy-hop",
            dependencies: [
                "SiraCore", "SiraHTTP", "SiraProviders",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Benchmarks/ProxyHop"
        )
    )
    package.targets.append(
        .executableTarget(
            name: "pipeline-bench",
            dependencies: ["SiraCore", "SiraCache", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Benchmarks/PipelineBench"
        )
    )
    package.targets.append(
        .executableTarget(
            name: "routing-bench",
            dependencies: ["SiraCore", "SiraProviders", "SiraRouting", "SiraResilience"],
            path: "Tests/Benchmarks/RoutingBench"
        )
    )
}

// The parsers' fuzz targets exist only for scripts/fuzz-parser, which builds them with
// `-sanitize=fuzzer,address` in its own scratch folder; ordinary builds never see them.
if Context.environment["SIRA_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "fuzz-json-parser",
            dependencies: ["SiraCore"],
            path: "Tests/Fuzz/FuzzJSONParser"
        )
    )
    package.targets.append(
        .executableTarget(
            name: "fuzz-http-parser",
            dependencies: ["SiraCore", "SiraHTTPParser"],
            path: "Tests/Fuzz/FuzzHTTPParser"
        )
    )
}
