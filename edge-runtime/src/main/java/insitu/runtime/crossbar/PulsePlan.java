package insitu.runtime.crossbar;

import insitu.boards.Board;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The pulses of one programming or update step, collected per array and fired as all RESET
 * batches (array by array) and then all SET batches: a SET can only raise a device, so a device
 * that must go down is RESET first, and one batch per array and kind keeps board calls few. Every
 * pulse is at the believed {@link GateResponse}'s amplitudes; RESETs at its reset gate.
 */
public final class PulsePlan {
  private final GateResponse response;
  private final TreeMap<Integer, Batch> resets = new TreeMap<>(), sets = new TreeMap<>();

  public PulsePlan(GateResponse response) {
    this.response = response;
  }

  /** RESETs a device (before the SETs of the step). */
  public void reset(int array, int row, int col) {
    resets.computeIfAbsent(array, a -> new Batch(a, PulseKind.RESET, response.resetVolts())).add(row, col, response.resetGateVolts());
  }

  /** SETs a device at a gate voltage (after every RESET of the step). */
  public void set(int array, int row, int col, double gateVolts) {
    sets.computeIfAbsent(array, a -> new Batch(a, PulseKind.SET, response.setVolts())).add(row, col, gateVolts);
  }

  /** True when no device is to be SET (every step that pulses sets something). */
  public boolean hasNoSets() {
    return sets.isEmpty();
  }

  /** Fires the RESET batches, then the SET batches, and empties the plan; returns the pulses fired. */
  public long fire(Board board) {
    long pulses = 0;
    for (Batch b : resets.values()) pulses += b.fire(board);
    for (Batch b : sets.values()) pulses += b.fire(board);
    resets.clear();
    sets.clear();
    return pulses;
  }

  /** One array's pulses of one kind, in the order they were added. */
  private static final class Batch {
    private final int array;
    private final PulseKind kind;
    private final double amplitude;
    private int[] rows = new int[64], cols = new int[64];
    private double[] gates = new double[64];
    private int n;

    Batch(int array, PulseKind kind, double amplitudeVolts) {
      this.array = array;
      this.kind = kind;
      this.amplitude = amplitudeVolts;
    }

    void add(int row, int col, double gateVolts) {
      if (n == rows.length) {
        rows = Arrays.copyOf(rows, 2 * n);
        cols = Arrays.copyOf(cols, 2 * n);
        gates = Arrays.copyOf(gates, 2 * n);
      }
      rows[n] = row;
      cols[n] = col;
      gates[n++] = gateVolts;
    }

    int fire(Board board) {
      board.pulse(new PulseBatch(array, kind, amplitude, Arrays.copyOf(rows, n), Arrays.copyOf(cols, n), Arrays.copyOf(gates, n)));
      return n;
    }
  }
}
