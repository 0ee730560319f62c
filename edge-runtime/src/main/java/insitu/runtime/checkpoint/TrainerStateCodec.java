package insitu.runtime.checkpoint;

import insitu.boards.BoardCounters;
import insitu.numeric.random.GaussianSource;
import insitu.runtime.train.TrainerState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Binary form of a {@link TrainerState}: big-endian, maps as (count, name, arrays) in insertion order. */
final class TrainerStateCodec {
  private static final int FORMAT = 1;
  /** Guards against corrupted lengths allocating absurd arrays. */
  private static final int MAX_LENGTH = 1 << 28;
  /** A map entry holds at least its name's length (2 bytes) and an array length (4). */
  private static final int MIN_ENTRY_BYTES = 6;

  private TrainerStateCodec() {}

  static void write(TrainerState s, DataOutputStream out) throws IOException {
    out.writeInt(FORMAT);
    TrainerState.Epoch e = s.epoch();
    out.writeBoolean(e != null);
    if (e != null) {
      out.writeInt(e.epoch());
      ints(out, e.order());
      out.writeInt(e.nextBatch());
      out.writeLong(e.correct());
      out.writeDouble(e.lossSum());
      BoardCounters c = e.start();
      out.writeLong(c.pulses());
      out.writeLong(c.cellReads());
      out.writeLong(c.mvmVectors());
      out.writeLong(c.commands());
      out.writeLong(c.retries());
      out.writeDouble(e.elapsedSeconds());
    }
    out.writeLong(s.shuffler().state());
    out.writeDouble(s.shuffler().spare());
    out.writeBoolean(s.shuffler().hasSpare());
    matrices(out, s.optimizer());
    vectors(out, s.rule());
    vectors(out, s.digital());
    matrices(out, s.gateVolts());
    vectors(out, s.weightsRead());
  }

  static TrainerState read(DataInputStream in) throws IOException {
    if (in.readInt() != FORMAT) throw new IOException("unknown trainer state format");
    TrainerState.Epoch e = null;
    if (in.readBoolean()) {
      int epoch = in.readInt();
      int[] order = ints(in);
      int next = in.readInt();
      if (epoch < 0 || next < 0 || next > order.length || java.util.Arrays.stream(order).anyMatch(i -> i < 0))
        throw new IOException("corrupt epoch state (epoch " + epoch + ", batch " + next + " of " + order.length + " samples)");
      long correct = in.readLong();
      double loss = in.readDouble();
      BoardCounters c = new BoardCounters(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
      e = new TrainerState.Epoch(epoch, order, next, correct, loss, c, in.readDouble());
    }
    GaussianSource.State rng = new GaussianSource.State(in.readLong(), in.readDouble(), in.readBoolean());
    return new TrainerState(e, rng, matrices(in), vectors(in), vectors(in), matrices(in), vectors(in));
  }

  private static void ints(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) out.writeInt(v);
  }

  private static int[] ints(DataInputStream in) throws IOException {
    int[] a = new int[length(in, Integer.BYTES)];
    for (int i = 0; i < a.length; i++) a[i] = in.readInt();
    return a;
  }

  private static void doubles(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double v : a) out.writeDouble(v);
  }

  private static double[] doubles(DataInputStream in) throws IOException {
    double[] a = new double[length(in, Double.BYTES)];
    for (int i = 0; i < a.length; i++) a[i] = in.readDouble();
    return a;
  }

  /** A count of items of at least {@code bytesEach} bytes, checked against the bytes that are left before anything is allocated. */
  private static int length(DataInputStream in, int bytesEach) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_LENGTH || (long) n * bytesEach > in.available()) throw new IOException("corrupt length " + n);
    return n;
  }

  private static void vectors(DataOutputStream out, Map<String, double[]> m) throws IOException {
    out.writeInt(m.size());
    for (var e : m.entrySet()) {
      out.writeUTF(e.getKey());
      doubles(out, e.getValue());
    }
  }

  private static Map<String, double[]> vectors(DataInputStream in) throws IOException {
    int n = length(in, MIN_ENTRY_BYTES);
    Map<String, double[]> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) m.put(in.readUTF(), doubles(in));
    return m;
  }

  private static void matrices(DataOutputStream out, Map<String, double[][]> m) throws IOException {
    out.writeInt(m.size());
    for (var e : m.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().length);
      for (double[] row : e.getValue()) doubles(out, row);
    }
  }

  private static Map<String, double[][]> matrices(DataInputStream in) throws IOException {
    int n = length(in, MIN_ENTRY_BYTES);
    Map<String, double[][]> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      double[][] rows = new double[length(in, Integer.BYTES)][];
      for (int r = 0; r < rows.length; r++) rows[r] = doubles(in);
      m.put(name, rows);
    }
    return m;
  }
}
