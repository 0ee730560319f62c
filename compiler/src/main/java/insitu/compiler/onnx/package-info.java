/**
 * Reading ONNX files ({@link insitu.compiler.onnx.OnnxReader}: a protobuf wire decoder into
 * records) and translating a model into the compiler's IR ({@link insitu.compiler.onnx.OnnxImporter}).
 * Nothing here folds or optimizes: that is the passes' work ({@code insitu.compiler.pass}).
 *
 * <p>A model file is memory-mapped, and a FLOAT initializer becomes a float32
 * {@link insitu.compiler.ir.Tensor} over its bytes in the file: weights cost the heap nothing until
 * something asks for them as doubles ({@code Tensor.data()}), so code that reads big weights uses
 * {@code Tensor.get}, {@code read} or {@code maxAbs} instead.
 *
 * <p>Adding an ONNX op: list it in {@code SupportedOps}; translate it in {@code OpTranslator},
 * either straight to an IR op when its attributes are ONNX attributes, or as an
 * {@link insitu.compiler.ir.Op.Unresolved} node whose {@link insitu.compiler.ir.Resolver} (in
 * {@code ShapeOpRules}, {@code WindowOpRules} or a new rules class for its family) reads the
 * tensors it needs as constants and its inputs' shapes, and returns the runtime op, folded values,
 * or the few IR nodes that compute it. A new IR op also needs its shape rule
 * ({@code ir.OpShapes}), its compile-time evaluation ({@code ir.eval}), its artifact encoding
 * ({@code artifact.OpCodec}) and its runtime kernel.
 */
package insitu.compiler.onnx;
