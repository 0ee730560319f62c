/**
 * The compiler's passes over a {@link insitu.compiler.pass.CompileUnit}, run by a
 * {@link insitu.compiler.pass.PassPipeline} ({@code Compiler.graphPasses()}, {@code mappingPasses()}):
 *
 * <ol>
 *   <li>{@link insitu.compiler.pass.EvaluateConstants}: resolves compile-time ops, folds every value
 *       computable before the model runs, lowers the graph to runtime form;
 *   <li>{@link insitu.compiler.pass.PruneUnused}: drops what the outputs do not need;
 *   <li>{@link insitu.compiler.pass.FoldBatchNorm}: BatchNormalization into the Conv or Gemm before it;
 *   <li>{@link insitu.compiler.pass.PruneUnused} again (the folded statistics);
 *   <li>{@link insitu.compiler.pass.InferShapes}: one input, every value's shape;
 *   <li>{@link insitu.compiler.pass.MapToTiles}: weights onto tiles of the target's arrays;
 *   <li>{@link insitu.compiler.pass.PlaceAroundStuckCells}: rows and columns around known stuck cells.
 * </ol>
 *
 * Each pass leaves a valid unit ({@code PassPipeline.validating()} checks) and refuses bad input
 * with one line naming the model, the node and its op.
 */
package insitu.compiler.pass;
