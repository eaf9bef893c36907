import SpecLanguage
import Testing

@Suite struct SpecErrorTests {
  @Test func messageNamesTermNumberAndText() {
    let error = SpecError(
      term: 4,
      text: "conv2d(64,9)",
      message: "kernel 9 is larger than its 5x5 input"
    )
    #expect(error.description == "term 4 `conv2d(64,9)`: kernel 9 is larger than its 5x5 input")
  }
}
