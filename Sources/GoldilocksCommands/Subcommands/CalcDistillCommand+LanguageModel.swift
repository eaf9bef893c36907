import Engine
import Lab

extension CalcDistillCommand {
  /// `calc distill --teacher tiny-gpt --student SPEC`: a smaller GPT trained on the teacher's
  /// soft targets against the same GPT trained from scratch.
  func distillLanguageModel(
    _ teacherModel: ModelDescription,
    configuration: GPTConfiguration,
    student studentModel: ModelDescription,
    context: CommandContext
  ) throws {
    guard let studentConfiguration = GPTConfiguration(model: studentModel) else {
      throw GoldilocksError.invalidValue(
        "--student: the teacher is a language model, so the student must be one too, written as a GPT spec such as \"input(64) tokenembedding(65,128) positions(64) decoder(heads=4,mlp=512,mlp_kind=gelu,norm=layernorm,bias=true)x2 layernorm head(65,tied=true)\" (tiny-gpt with 2 blocks)"
      )
    }
    if let other = training.given.first(where: { $0 != "--batch" }) {
      throw GoldilocksError.invalidValue(
        "\(other): language models train in --steps with nanoGPT's AdamW recipe; give --steps N (for the teacher and both students) and optionally --batch N"
      )
    }
    if repeating.isRepeated {
      throw GoldilocksError.invalidValue(
        "--repeats: language models are trained once; the loss changes get intervals over the validation windows and the speed changes over --rounds N alternating timing rounds"
      )
    }
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    try LanguageCompressionRun(context: context, lab: lab, options: language, batch: training.batch)
      .distill(
        teacher: teacherModel,
        teacherConfiguration: configuration,
        student: studentModel,
        studentConfiguration: studentConfiguration,
        dataset: dataset,
        temperature: temperature,
        alpha: alpha
      )
  }
}
