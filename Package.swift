// swift-tools-version:6.1
import PackageDescription

// The engine's kernels are plain Swift SIMD code. Without a CPU target the compiler may
// only use SSE2; every x86-64 processor since 2013 (Intel Haswell, AMD Excavator) has
// AVX2 and FMA, which make the GEMM and convolutions 2-4x faster.
#if arch(x86_64)
let engineCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let engineCPU: [SwiftSetting] = []
#endif
// The engine is optimised in debug builds too: unoptimised SIMD code is ~100x slower, and
// `swift test` (a debug build) runs the full-size accuracy floors on MNIST.
let engineSettings =
  engineCPU + [.unsafeFlags(["-O"], .when(configuration: .debug))]
// The AVX-512 kernels (the float GEMM's 12×32 tile and the int8 VNNI tile) live in their own
// target built for Cascade Lake; the engine calls them only after finding every feature that
// build may use in /proc/cpuinfo (`MachineInfo.hasAVX512Kernels`), and uses AVX2 otherwise.
#if arch(x86_64)
let avx512Settings: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "cascadelake"]),
  .unsafeFlags(["-O"], .when(configuration: .debug)),
]
#else
let avx512Settings: [SwiftSetting] = []
#endif

let package = Package(
  name: "goldilocks",
  products: [
    .executable(name: "goldilocks", targets: ["goldilocks"]),
    .library(name: "Engine", targets: ["Engine"]),
    .library(name: "Lab", targets: ["Lab"]),
    .library(name: "SpecLanguage", targets: ["SpecLanguage"]),
    // For the benchmark package's class load test.
    .library(name: "Curriculum", targets: ["Curriculum"]),
    .library(name: "ProgressStore", targets: ["ProgressStore"]),
    .library(name: "PostgresProgressStore", targets: ["PostgresProgressStore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
  ],
  targets: [
    // MARK: - Cores: no terminal, no database, no command line
    .target(
      name: "Engine",
      dependencies: [
        "AVX512Kernels", "CZlib", .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: engineSettings
    ),
    .target(name: "AVX512Kernels", swiftSettings: avx512Settings),
    // zlib's exact compressed sizes for "zip the pruned model" (zlib1g-dev).
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // The lab: train-and-measure workflows (train, quantize, prune, distill, sweep, forests)
    // above the engine core; the core never imports it.
    .target(name: "Lab", dependencies: ["Engine"], swiftSettings: engineSettings),
    .target(name: "SpecLanguage", dependencies: ["Engine"]),
    .target(name: "Curriculum", dependencies: [.product(name: "Yams", package: "Yams")]),
    // MARK: - Adapters
    .target(
      name: "ProgressStore",
      dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
    ),
    .target(
      name: "PostgresProgressStore",
      dependencies: ["ProgressStore", .product(name: "PostgresNIO", package: "postgres-nio")]
    ),
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    .target(name: "Terminal", dependencies: ["CReadline"]),
    // MARK: - Front end
    .target(
      name: "GoldilocksCommands",
      dependencies: [
        "Engine", "Lab", "SpecLanguage", "Curriculum", "ProgressStore", "PostgresProgressStore",
        "Terminal",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "goldilocks", dependencies: ["GoldilocksCommands"]),
    // MARK: - Test support and tests
    .target(name: "_TestSupport", dependencies: ["Terminal"]),
    .testTarget(
      name: "EngineTests",
      dependencies: ["Engine", "Lab", "_TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "SpecLanguageTests",
      dependencies: ["SpecLanguage", "Engine", "_TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "CurriculumTests",
      dependencies: ["Curriculum", "_TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "ProgressStoreTests",
      dependencies: [
        "ProgressStore", "PostgresProgressStore", "_TestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(
      name: "GoldilocksCommandsTests",
      dependencies: [
        "GoldilocksCommands", "Curriculum", "Terminal", "ProgressStore", "PostgresProgressStore",
        "_TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ],
      exclude: ["__Snapshots__"]
    ),
  ],
  swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system && target.type != .plugin {
  var settings = target.swiftSettings ?? []
  settings.append(.enableUpcomingFeature("ExistentialAny"))
  settings.append(.enableUpcomingFeature("MemberImportVisibility"))
  target.swiftSettings = settings
}
