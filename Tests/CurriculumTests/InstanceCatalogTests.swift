import Curriculum
import Foundation
import Testing

@Suite struct InstanceCatalogTests {
  static func shippedPath(filePath: String = #filePath) -> String {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("content/instances.yaml").path
  }

  @Test func shippedCatalogHasTheFamiliesWithSourcesAndDates() throws {
    let catalog = try InstanceCatalog.load(shipped: Self.shippedPath(), user: nil)
    for name in [
      "ml.g5.2xlarge", "ml.g6.xlarge", "ml.g6e.xlarge", "ml.p4d.24xlarge", "ml.p5.48xlarge",
      "ml.inf2.xlarge", "ml.trn1.2xlarge", "ml.m5.xlarge",
    ] {
      let instance = try #require(catalog.instance(named: name), "\(name)")
      #expect(instance.priceTaken?.count == 10, "\(name)")
      #expect(instance.priceSource != nil, "\(name)")
      #expect(catalog.accelerator(named: instance.accelerator) != nil, "\(name)")
    }
    for accelerator in catalog.accelerators {
      #expect(!accelerator.source.isEmpty && accelerator.taken.count == 10)
    }
    #expect(catalog.instance(named: "g5.2xlarge")?.name == "ml.g5.2xlarge")
  }

  @Test func userFileAddsAndOverridesEntries() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fm-catalog-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let user = directory.appendingPathComponent("instances.yaml")
    try """
    accelerators:
      - name: RTX4090
        device: NVIDIA GeForce RTX 4090
        memory_gib: 24
        bandwidth_gb_s: 1008
        fp16_tflops: 165
        int8_tops: 660
        source: my own datasheet
        taken: 2026-12-01
        verified: false
    instances:
      - name: my-box
        accelerator: RTX4090
        count: 2
        price_per_hour: 0.8
        price_taken: 2026-12-01
      - name: ml.g5.2xlarge
        accelerator: A10G
        count: 1
        price_per_hour: 1.0
        price_taken: 2026-12-02
    """.write(to: user, atomically: true, encoding: .utf8)
    let catalog = try InstanceCatalog.load(shipped: Self.shippedPath(), user: user.path)
    #expect(catalog.instance(named: "my-box")?.count == 2)
    #expect(catalog.instance(named: "ml.g5.2xlarge")?.pricePerHour == 1.0)
    #expect(catalog.accelerator(named: "rtx4090")?.bandwidthGBs == 1008)
  }

  @Test(arguments: [
    (
      "instances:\n  - name: x\n    accelerator: Nope\n    count: 1\n",
      "accelerator `Nope` is not in the catalog"
    ),
    ("instances:\n  - name: x\n    count: 1\n", "key `accelerator` is missing"),
    (
      "accelerators:\n  - name: X\n    device: d\n    memory_gib: many\n    bandwidth_gb_s: 1\n    fp16_tflops: 1\n    int8_tops: 1\n    source: s\n    taken: t\n    verified: false\n",
      "key `accelerators[0].memory_gib`"
    ),
    ("accelerators:\n  - name: X\n", "key `device` is missing in accelerators[0]"),
    ("accelerators: [unclosed", "YAML"),
  ])
  func badUserFilesNameTheFileAndProblem(_ text: String, _ expected: String) throws {
    #expect {
      _ = try InstanceCatalog(yaml: text, file: "mine.yaml")
    } throws: { error in
      let message = String(describing: error)
      return message.hasPrefix("mine.yaml") && message.contains(expected)
    }
  }
}
