/// The compact byte encoding of a decision tree, written and read back exactly.
///
/// All numbers are little-endian. A standalone tree is a 12-byte header, the class labels and
/// the nodes; forests and boosted trees reuse the node block (`nodeCount` + nodes) per tree.
///
/// ```
/// offset  size  field
/// 0       4     magic "GLDT"
/// 4       1     format version = 1
/// 5       1     task: 0 classification, 1 regression
/// 6       2     class count K (UInt16; 0 for regression)
/// 8       4     feature count F (UInt32)
/// 12      4·K   class labels (Int32, ascending)
/// …       4     node count N (UInt32)
/// …             N nodes in preorder (a left child directly follows its parent):
///   internal      UInt16 feature (< 0xFFFE), Float32 threshold, UInt32 right-child index  10 B
///   class leaf    UInt16 0xFFFF, UInt8 class index (a pure leaf)                          3 B
///   mixed leaf    UInt16 0xFFFE, K × Float32 class probabilities (an impure leaf)    2 + 4K B
///   value leaf    UInt16 0xFFFF, Float32 value (regression)                                6 B
/// ```
///
/// A row goes left when `row[feature] <= threshold`. Pure leaves (every leaf of a fully grown
/// tree) cost three bytes, so a tree of L leaves takes about `13·L` bytes against
/// scikit-learn's `(64 + 8·K)·(2L − 1)`; impure leaves keep their probabilities so that a
/// forest still averages them as scikit-learn does and the round trip is lossless.
extension DecisionTree {
  static let magic = "GLDT"
  static let leafMarker: UInt16 = 0xFFFF
  static let mixedLeafMarker: UInt16 = 0xFFFE

  /// The tree in the compact encoding described above.
  public func serialized() -> [UInt8] {
    var writer = CompactByteWriter()
    writer.append(magic: Self.magic)
    writer.append(UInt8(1))
    writer.append(UInt8(isClassifier ? 0 : 1))
    writer.append(UInt16(classes.count))
    writer.append(UInt32(featureCount))
    for label in classes { writer.append(Int32(truncatingIfNeeded: label)) }
    encodeNodes(into: &writer)
    return writer.bytes
  }

  /// The size of `serialized()` in bytes, without building it.
  public var serializedByteCount: Int {
    12 + 4 * classes.count + nodeBlockByteCount
  }

  /// Reads a tree written by `serialized()`, rejecting truncated or inconsistent bytes.
  public init(serialized bytes: [UInt8]) throws(ClassicalModelError) {
    var reader = CompactByteReader(bytes, model: "decision tree")
    try reader.expect(magic: Self.magic, version: 1)
    let task = try reader.u8()
    guard task <= 1 else { throw reader.fail("task \(task) is neither 0 nor 1") }
    let classCount = Int(try reader.u16())
    let featureCount = Int(try reader.u32())
    let classes = try Self.readHeaderRest(
      &reader,
      classifier: task == 0,
      classCount: classCount,
      featureCount: featureCount
    )
    let decoded = try Self.decodeNodes(
      &reader,
      classCount: classes.count,
      featureCount: featureCount
    )
    try reader.expectEnd()
    self.init(
      classes: classes,
      featureCount: featureCount,
      nodes: decoded.nodes,
      leafValues: decoded.leafValues,
      importances: [],
      depth: decoded.depth
    )
  }

  /// Checks the feature count and reads `classCount` ascending labels.
  static func readHeaderRest(
    _ reader: inout CompactByteReader,
    classifier: Bool,
    classCount: Int,
    featureCount: Int
  ) throws(ClassicalModelError) -> [Int] {
    guard (1...65_534).contains(featureCount) else {
      throw reader.fail("feature count \(featureCount) is outside 1…65534")
    }
    if classifier {
      guard (1...256).contains(classCount) else {
        throw reader.fail("class count \(classCount) is outside 1…256")
      }
    } else if classCount != 0 {
      throw reader.fail("a regression model has no classes, found \(classCount)")
    }
    var classes: [Int] = []
    for _ in 0..<classCount {
      let label = Int(try reader.i32())
      if let last = classes.last, label <= last {
        throw reader.fail("class labels are not strictly ascending")
      }
      classes.append(label)
    }
    return classes
  }

  /// Bytes of the node block: the node count and every node.
  var nodeBlockByteCount: Int {
    var total = 4
    for node in nodes {
      if node.feature >= 0 {
        total += 10
      } else if !isClassifier {
        total += 6
      } else {
        total += pureClass(leafSlot: Int(node.right)) == nil ? 2 + 4 * stride : 3
      }
    }
    return total
  }

  /// The class index of a leaf whose probabilities are one-hot, or nil for a mixed leaf.
  package func pureClass(leafSlot: Int) -> Int? {
    let values = leafValues[(leafSlot * stride)..<((leafSlot + 1) * stride)]
    var found: Int?
    for (offset, value) in values.enumerated() {
      if value == 1, found == nil {
        found = offset
      } else if value != 0 {
        return nil
      }
    }
    return found
  }

  /// Appends the node count and the nodes in preorder.
  func encodeNodes(into writer: inout CompactByteWriter) {
    writer.append(UInt32(nodes.count))
    for node in nodes {
      if node.feature >= 0 {
        writer.append(UInt16(node.feature))
        writer.append(node.threshold)
        writer.append(UInt32(node.right))
      } else if !isClassifier {
        writer.append(Self.leafMarker)
        writer.append(leafValues[Int(node.right)])
      } else if let pure = pureClass(leafSlot: Int(node.right)) {
        writer.append(Self.leafMarker)
        writer.append(UInt8(pure))
      } else {
        writer.append(Self.mixedLeafMarker)
        let start = Int(node.right) * stride
        for value in leafValues[start..<(start + stride)] { writer.append(value) }
      }
    }
  }

  /// Reads a node block and checks that it is one well-formed preorder tree.
  static func decodeNodes(
    _ reader: inout CompactByteReader,
    classCount: Int,
    featureCount: Int
  ) throws(ClassicalModelError) -> (nodes: [TreeNode], leafValues: [Float], depth: Int) {
    let count = Int(try reader.u32())
    guard count >= 1 else { throw reader.fail("a tree needs at least one node") }
    guard count <= reader.remaining / 3 else {
      throw reader.fail("\(count) nodes cannot fit in the \(reader.remaining) bytes left")
    }
    let classifier = classCount > 0
    let stride = classifier ? classCount : 1
    var nodes: [TreeNode] = []
    nodes.reserveCapacity(count)
    var leafValues: [Float] = []
    for index in 0..<count {
      let marker = try reader.u16()
      if marker < mixedLeafMarker {
        guard Int(marker) < featureCount else {
          throw reader.fail("node \(index) splits on feature \(marker) of \(featureCount)")
        }
        let threshold = try reader.f32()
        guard !threshold.isNaN else { throw reader.fail("node \(index) has a NaN threshold") }
        let right = try reader.u32()
        guard right > index + 1, right < count else {
          throw reader.fail(
            "node \(index) has right child \(right) outside \(index + 2)..<\(count)"
          )
        }
        nodes.append(TreeNode(feature: Int32(marker), threshold: threshold, right: Int32(right)))
        continue
      }
      let slot = Int32(leafValues.count / stride)
      if !classifier {
        guard marker == leafMarker else { throw reader.fail("node \(index): bad leaf marker") }
        leafValues.append(try reader.finite("leaf value"))
      } else if marker == leafMarker {
        let pure = Int(try reader.u8())
        guard pure < classCount else {
          throw reader.fail("leaf \(index) names class \(pure) of \(classCount)")
        }
        for c in 0..<classCount { leafValues.append(c == pure ? 1 : 0) }
      } else {
        for _ in 0..<classCount {
          let p = try reader.finite("a class probability")
          guard p >= 0, p <= 1 else { throw reader.fail("probability \(p) is outside 0…1") }
          leafValues.append(p)
        }
      }
      nodes.append(TreeNode(feature: -1, threshold: 0, right: slot))
    }
    // Preorder check: a depth-first walk from the root must meet the nodes as 0, 1, 2, ….
    var expected = 0
    var depth = 0
    var stack: [(index: Int, depth: Int)] = [(0, 0)]
    while let (index, level) = stack.popLast() {
      guard index == expected else {
        throw reader.fail("node \(expected) is not where a preorder walk expects it")
      }
      expected += 1
      depth = max(depth, level)
      let node = nodes[index]
      if node.feature >= 0 {
        stack.append((Int(node.right), level + 1))
        stack.append((index + 1, level + 1))
      }
    }
    guard expected == count else {
      throw reader.fail("\(count - expected) nodes are not reachable from the root")
    }
    return (nodes, leafValues, depth)
  }
}
