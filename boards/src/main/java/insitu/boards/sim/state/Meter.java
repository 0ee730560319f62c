package insitu.boards.sim.state;

import insitu.boards.BoardCounters;
import insitu.boards.sim.BoardTiming;

/**
 * The board's counters and its virtual clock: what its commands cost. The clock advances only by
 * the model's {@link BoardTiming} and by explicit ageing; nothing reads the wall clock.
 */
public final class Meter {
  private final BoardTiming timing;
  private long pulses, cellReads, mvmVectors, commands, saturatedReadings;
  private double nowSeconds;

  public Meter(BoardTiming timing) {
    this.timing = timing;
  }

  public BoardTiming timing() {
    return timing;
  }

  public double nowSeconds() {
    return nowSeconds;
  }

  /** Moves the clock to {@code seconds} (a command that timed its own steps from an earlier reading). */
  public void setNowSeconds(double seconds) {
    nowSeconds = seconds;
  }

  public void advance(double seconds) {
    nowSeconds += seconds;
  }

  /** A command begins: counted, and its fixed overhead passes. */
  public void command() {
    commands++;
    nowSeconds += timing.commandSeconds();
  }

  /** A product of {@code batch} vectors begins: one command; the sampling time passes after it ({@link #sampled}). */
  public void product(int batch) {
    command();
    mvmVectors += batch;
  }

  /** {@code samples} read samples (rows of a read, vectors of an MVM) have passed. */
  public void sampled(int samples) {
    nowSeconds += samples * timing.sampleSeconds();
  }

  /**
   * A whole product command of {@code batch} vectors, counted once it is done (the path whose
   * arithmetic reads no clock): overhead and sampling in one step.
   */
  public void productDone(int batch) {
    commands++;
    mvmVectors += batch;
    nowSeconds += timing.commandSeconds() + batch * timing.sampleSeconds();
  }

  public void pulsed(int count) {
    pulses += count;
  }

  public void cellsRead(long count) {
    cellReads += count;
  }

  /** Column readings the readout chain clipped at its largest range. */
  public void saturated(long count) {
    saturatedReadings += count;
  }

  public long saturatedReadings() {
    return saturatedReadings;
  }

  public BoardCounters counters() {
    return new BoardCounters(pulses, cellReads, mvmVectors, commands, 0);
  }

  /** Counters and clock, as a state snapshot stores them. */
  void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
    out.writeLong(pulses);
    out.writeLong(cellReads);
    out.writeLong(mvmVectors);
    out.writeLong(commands);
    out.writeLong(saturatedReadings);
    out.writeDouble(nowSeconds);
  }

  void readFrom(java.io.DataInputStream in) throws java.io.IOException {
    pulses = in.readLong();
    cellReads = in.readLong();
    mvmVectors = in.readLong();
    commands = in.readLong();
    saturatedReadings = in.readLong();
    nowSeconds = in.readDouble();
  }
}
