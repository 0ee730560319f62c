package insitu.runtime.checkpoint;

import insitu.runtime.train.TrainerState;

/**
 * One saved moment of a training run.
 *
 * @param step batches trained so far over the whole run (orders checkpoints)
 * @param runJson the caller's description of the run (request, finished epochs), as JSON
 * @param artifact the model and its placement, as .xbar bytes, so resuming needs no model file
 * @param trainer the trainer and crossbar blocks between two batches
 * @param boardState a simulated board's full state, or null for a board that keeps its own
 */
public record Checkpoint(long step, String runJson, byte[] artifact, TrainerState trainer, byte[] boardState) {}
