package insitu.sdk;

/**
 * What one call of {@link DeployedModel#learn(double[], int[])} did on the board.
 *
 * @param samples labelled samples trained on
 * @param updates weight updates (batches of {@link DeployOptions#batch()} samples)
 * @param loss mean cross-entropy of the samples, each measured just before its batch's update
 * @param accuracy fraction of the samples the model predicted right just before its batch's update
 * @param pulses programming pulses the updates fired
 * @param reads cell reads the updates took (read-back of the touched blocks)
 */
public record LearnReport(int samples, int updates, double loss, double accuracy, long pulses, long reads) {}
