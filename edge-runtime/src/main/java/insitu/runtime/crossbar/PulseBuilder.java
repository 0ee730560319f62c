package insitu.runtime.crossbar;

import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;

/** Collects pulses for one array into parallel arrays, growing as needed. */
public final class PulseBuilder {
  private final int array;
  private final PulseKind kind;
  private final double amplitude;
  private int[] rows = new int[64], cols = new int[64];
  private double[] gates = new double[64];
  private int n;

  public PulseBuilder(int array, PulseKind kind, double amplitudeVolts) {
    this.array = array;
    this.kind = kind;
    this.amplitude = amplitudeVolts;
  }

  public void add(int row, int col, double gateVolts) {
    if (n == rows.length) {
      rows = java.util.Arrays.copyOf(rows, 2 * n);
      cols = java.util.Arrays.copyOf(cols, 2 * n);
      gates = java.util.Arrays.copyOf(gates, 2 * n);
    }
    rows[n] = row;
    cols[n] = col;
    gates[n++] = gateVolts;
  }

  public int size() {
    return n;
  }

  public PulseBatch build() {
    return new PulseBatch(array, kind, amplitude, java.util.Arrays.copyOf(rows, n), java.util.Arrays.copyOf(cols, n),
        java.util.Arrays.copyOf(gates, n));
  }
}
