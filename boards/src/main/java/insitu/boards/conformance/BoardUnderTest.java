package insitu.boards.conformance;

import insitu.boards.BoardSpec;
import insitu.boards.PulseKind;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.ConfigRequest;
import insitu.boards.protocol.Message.ConfigResponse;
import insitu.boards.protocol.Message.Hello;
import insitu.boards.protocol.Message.Info;
import insitu.boards.protocol.Message.MvmDifferentialRequest;
import insitu.boards.protocol.Message.MvmRequest;
import insitu.boards.protocol.Message.MvmResponse;
import insitu.boards.protocol.Message.PulseRequest;
import insitu.boards.protocol.Message.PulseResponse;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.protocol.Message.SeqState;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What every check works with: the link, the board's INFO, the cells the suite may use, the RESET
 * line if any, and the commands a check runs that must simply work (a refusal or a wrong count
 * fails the check with a message that says which command and why).
 */
public final class BoardUnderTest {
  /** Seqs that must be unknown to the board before the suite numbers its requests from them. */
  private static final int FRESH_WINDOW = 64;
  private final FrameLink link;
  private final Optional<ResetLine> resetLine;
  private Info info;
  private CellPlan plan;
  private List<Cell> pulseCells = List.of();
  private long nextCommandId = 1;

  public BoardUnderTest(FrameLink link, Optional<ResetLine> resetLine) {
    this.link = link;
    this.resetLine = resetLine;
  }

  public FrameLink link() { return link; }
  public ConformanceOptions options() { return link.options(); }
  public Info info() { return info; }
  public BoardSpec spec() { return info.spec(); }
  public CellPlan plan() { return plan; }
  public Optional<ResetLine> resetLine() { return resetLine; }

  /** Cells the pulse checks program; the suite restores them after each check. */
  public List<Cell> pulseCells() { return pulseCells; }

  /** HELLO (accepted in any epoch): learns the board's epoch, INFO and where command ids continue. */
  public Info hello() {
    Reply r = link.call(new Hello());
    info = r.expect(Info.class, "HELLO");
    link.epoch(r.frames().get(r.frames().size() - 1).epoch());
    link.partBytes(info.maxPayloadBytes());
    plan = CellPlan.choose(info.spec());
    pulseCells = plan.pulseCells(info.spec().defects());
    nextCommandId = Math.max(nextCommandId, info.lastCommandId() + 1);
    return info;
  }

  /**
   * Moves request numbering past every seq the board still holds an answer to, from an earlier
   * host session in this epoch: a request under such a seq would get that old answer. The board
   * keeps 16 answers, so once {@link #FRESH_WINDOW} seqs ahead are unknown to it (STATUS, which
   * is never cached itself), the suite's own answers evict the old ones before it gets there.
   */
  public void avoidCachedSeqs() {
    for (int attempt = 0; attempt < Frame.SEQ_UNKNOWN / FRESH_WINDOW; attempt++) {
      int start = (link.peekSeq() + FRESH_WINDOW) % Frame.SEQ_UNKNOWN;
      boolean fresh = true;
      for (int k = 0; k < FRESH_WINDOW && fresh; k++) {
        StatusResponse s = call(new StatusRequest((start + k) % Frame.SEQ_UNKNOWN, 0)).expect(StatusResponse.class, "STATUS");
        fresh = s.seqState() == SeqState.UNKNOWN;
      }
      link.takeStrays();
      if (fresh) {
        link.nextSeq(start);
        return;
      }
    }
    throw new CheckFailure("STATUS says every sequence number holds a cached answer");
  }

  /** CONFIG with the watchdog off and the board's largest frames: the state every check starts from. */
  public void arm() {
    link.call(new ConfigRequest(0, info.maxPayloadBytes())).expect(ConfigResponse.class, "CONFIG");
  }

  /** A PULSE command id the board's journal has not seen (ids only grow). */
  public long newCommandId() { return nextCommandId++; }

  public Reply call(Message.Request m) { return link.call(m); }

  public double[] read(int array, int[] rows, int[] cols) {
    ReadResponse r = call(new ReadRequest(array, rows, cols)).expect(ReadResponse.class, "READ of " + rows.length + "x" + cols.length + " cells");
    if (r.siemens().length != rows.length * cols.length)
      throw new CheckFailure("READ of " + rows.length + "x" + cols.length + " cells returned " + r.siemens().length + " values");
    return r.siemens();
  }

  /** One READ of the cells' rows × columns, keeping the diagonal: the cells themselves. */
  public double[] readCells(List<Cell> cells) {
    int n = cells.size();
    double[] all = read(cells.get(0).array(), cells.stream().mapToInt(Cell::row).toArray(), cells.stream().mapToInt(Cell::col).toArray());
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = all[i * n + i];
    return out;
  }

  /** Mean and spread of the options' {@code readRepeats} READs of the same region. */
  public ReadStatistics readStats(int array, int[] rows, int[] cols) {
    int repeats = options().readRepeats();
    double[][] samples = new double[repeats][];
    for (int k = 0; k < repeats; k++) samples[k] = read(array, rows, cols);
    return ReadStatistics.of(samples);
  }

  /** One pulse of the largest amplitude of its kind on each cell, all with this gate voltage. */
  public PulseRequest pulseRequest(PulseKind kind, List<Cell> cells, double gateVolts) {
    double amplitude = kind == PulseKind.SET ? spec().maxSetVolts() : spec().maxResetVolts();
    int n = cells.size();
    double[] gates = new double[n];
    Arrays.fill(gates, gateVolts);
    return new PulseRequest(newCommandId(), n, 0, cells.get(0).array(), kind, amplitude, cells.stream().mapToInt(Cell::row).toArray(),
        cells.stream().mapToInt(Cell::col).toArray(), gates);
  }

  /** Runs a pulse request that must be applied in full. */
  public void pulse(PulseRequest p) {
    PulseResponse r = call(p).expect(PulseResponse.class, "PULSE " + p.kind() + " of " + p.rows().length + " cells");
    if (r.commandId() != p.commandId() || r.appliedCells() != p.firstCell() + p.rows().length)
      throw new CheckFailure("PULSE " + p.commandId() + " answered command " + r.commandId() + " with " + r.appliedCells() + " cells applied, expected "
          + (p.firstCell() + p.rows().length));
  }

  /** The largest SET (gate fully open) or RESET on these cells. */
  public void pulse(PulseKind kind, List<Cell> cells) {
    pulse(pulseRequest(kind, cells, spec().maxGateVolts()));
  }

  public double[] mvm(int array, int[] rows, int[] cols, double[] rowVolts, int batch) {
    return currents(call(new MvmRequest(array, rows, cols, batch, rowVolts)), batch * cols.length, "MVM");
  }

  public double[] mvmDifferential(int array, int[] rows, int[] cols, double[] pairVolts, int batch) {
    return currents(call(new MvmDifferentialRequest(array, rows, cols, batch, pairVolts)), batch * cols.length, "MVM_DIFFERENTIAL");
  }

  /** The column currents of an MVM-family reply, which must hold exactly {@code count} values. */
  static double[] currents(Reply r, int count, String what) {
    MvmResponse m = r.expect(MvmResponse.class, what);
    if (m.columnAmps().length != count) throw new CheckFailure(what + " returned " + m.columnAmps().length + " currents, expected " + count);
    return m.columnAmps();
  }
}
