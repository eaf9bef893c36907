// swift-tools-version:6.1
import PackageDescription

// The benchmark suite: a separate package so that CI's main path never builds it.
// Build and run in release from this folder (`swift build -c release`), or use run.sh.
let package = Package(
  name: "goldilocks-benchmarks",
  dependencies: [.package(name: "goldilocks", path: "..")],
  targets: [
    // The class load test of issue 17 (PostgreSQL and SQLite progress stores).
    .executableTarget(
      name: "class-load",
      dependencies: [
        .product(name: "ProgressStore", package: "goldilocks"),
        .product(name: "PostgresProgressStore", package: "goldilocks"),
        .product(name: "Curriculum", package: "goldilocks"),
      ],
      swiftSettings: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
      ]
    ),
    .executableTarget(
      name: "goldilocks-bench",
      dependencies: [
        .product(name: "Engine", package: "goldilocks"),
        .product(name: "Lab", package: "goldilocks"),
        .product(name: "SpecLanguage", package: "goldilocks"),
      ],
      swiftSettings: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
