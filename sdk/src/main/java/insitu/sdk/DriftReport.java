package insitu.sdk;

/**
 * What one {@link DeployedModel#recalibrate()} found and did: the weights read back now against
 * the reference (those read right after programming or after the last learning), before and after
 * the fitted per-column gains, averaged over the crossbar blocks.
 *
 * @param blocks crossbar blocks compensated
 * @param rmsWeightBefore rms weight error against the reference, uncorrected
 * @param rmsWeightAfter the same with the gains applied
 * @param reads cell reads it took (no pulses are fired)
 */
public record DriftReport(int blocks, double rmsWeightBefore, double rmsWeightAfter, long reads) {}
