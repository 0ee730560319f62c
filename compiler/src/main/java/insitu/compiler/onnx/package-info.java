/**
 * Reading ONNX files ({@link insitu.compiler.onnx.OnnxReader}: a protobuf wire decoder into
 * records) and translating a model into the compiler's IR ({@link insitu.compiler.onnx.OnnxImporter}).
 * Nothing here folds or optimizes: that is the passes' work ({@code insitu.compiler.pass}).
 * {@code docs/ONNX.md} lists every op and opset accepted and what each becomes.
 *
 * <p>A model file is memory-mapped, and a FLOAT initializer becomes a float32
 * {@link insitu.compiler.ir.Tensor} over its bytes in the file: weights cost the heap nothing until
 * something asks for them as doubles ({@code Tensor.data()}), so code that reads big weights uses
 * {@code Tensor.get}, {@code read} or {@code maxAbs} instead.
 *
 * <p>Adding an ONNX op: list it in {@code SupportedOps} and in {@code docs/ONNX.md}; translate it in
 * {@code OpTranslator}, either straight to an IR op when its attributes are ONNX attributes, or as
 * an {@link insitu.compiler.ir.Op.Unresolved} node whose {@link insitu.compiler.ir.Resolver} (in
 * the rules class of its family: {@code ShapeOpRules}, {@code WindowOpRules}, {@code ConvRules},
 * {@code RecurrentRules}, {@code ReduceRules}, {@code ElementwiseRules}) reads the tensors it needs
 * as constants and its inputs' shapes, and returns the runtime op, folded values, or the few IR
 * nodes that compute it ({@code Expansion} builds those). Read an attribute that a later opset
 * made an input from both places. Prefer an expansion into existing IR ops; a new IR op also needs
 * its shape rule ({@code ir.OpShapes} / {@code ir.PeripheryShapes}), its forward math once in
 * {@code ir.eval} (compile-time folding and the runtime kernel both call it), its artifact encoding
 * ({@code artifact.OpCodec} / {@code PeripheryOpCodec}), its runtime kernel with a backward, and a
 * gradient check.
 */
package insitu.compiler.onnx;
