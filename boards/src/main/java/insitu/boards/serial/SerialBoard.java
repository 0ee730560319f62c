package insitu.boards.serial;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.boards.BoardSpec;
import insitu.boards.PatchGeometry;
import insitu.boards.PulseBatch;
import insitu.boards.Region;
import insitu.boards.capability.DrivePreference;
import insitu.boards.capability.LinkCounters;
import insitu.boards.capability.LinkStatistics;
import insitu.boards.capability.SelfTest;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.Drives;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.RowDrive;
import insitu.boards.drive.RowVolts;
import insitu.boards.gpio.ControlLines;
import insitu.boards.gpio.NoControlLines;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.Message.*;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ParamId;
import insitu.errors.BoardException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A real (or emulated) board behind a serial link. Every command is checked against the board's
 * limits before it is sent, so caller mistakes fail fast with {@link IllegalArgumentException}
 * exactly like the simulated board; link and board failures are
 * {@link BoardException}. Board resets are recovered transparently (see board-protocol.md).
 */
public final class SerialBoard implements Board, SelfTest, DrivePreference, LinkStatistics {
  private static final Duration RESET_PULSE = Duration.ofMillis(10);
  private static final long READY_TIMEOUT_MILLIS = 3000, READY_POLL_MILLIS = 10;
  /** Same tolerance as the simulated board for voltages scaled to exactly readVolts. */
  private static final double READ_VOLTS_TOLERANCE = 1e-9;
  /** Bytes of an MVM request besides its voltages: array, counts, batch. */
  private static final int MVM_FIXED_BYTES = 2 + 2 + 2 + 4;
  /** Bytes of an MVM_PATCHES request's geometry: 13 u16 fields. */
  private static final int PATCH_GEOMETRY_BYTES = 13 * 2;

  private final BoardSession session;
  private final ControlLines lines;
  private final Ticker ticker;
  private Info info;
  private BoardSpec spec;
  private long nextCommandId;
  private boolean needsConfig = true;
  /** False once the firmware refused MVM_PATCHES as unknown: it gets the patches instead. */
  private boolean patchesOnBoard = true;
  private boolean closed;
  private long pulses, cellReads, mvmVectors, commands;

  private SerialBoard(BoardSession session, ControlLines lines, Ticker ticker) {
    this.session = session;
    this.lines = lines;
    this.ticker = ticker;
  }

  /**
   * Connects to a board: powers it (if there are control lines), waits for READY, sends HELLO
   * (learning its spec and limits) and CONFIG.
   */
  public static SerialBoard open(Transport transport, SessionOptions options, ControlLines lines, Ticker ticker) {
    SerialBoard b = new SerialBoard(new BoardSession(transport, options, ticker), lines, ticker);
    try {
      if (lines.present()) {
        lines.powerEnable(true);
        b.awaitReady();
      }
      b.connect();
      // Seeded by the moment and the board's boot count: sessions differ, a virtual clock repeats exactly.
      FreshSeqs.start(b.session, ticker.nanos() ^ (b.info.bootCount() << 32) ^ b.info.lastCommandId());
      return b;
    } catch (RuntimeException e) {
      b.session.close();
      throw e;
    }
  }

  /** A board without control lines, on wall time. */
  public static SerialBoard open(Transport transport, SessionOptions options) {
    return open(transport, options, new NoControlLines(), Ticker.system());
  }

  private void connect() {
    info = (Info) repeatable(new Hello());
    spec = info.spec();
    nextCommandId = info.lastCommandId() + 1;
    needsConfig = true;
  }

  private void configureIfNeeded() {
    if (!needsConfig) return;
    int payload = Math.min(session.options().maxPayloadBytes(), info == null ? session.options().maxPayloadBytes() : info.maxPayloadBytes());
    session.call(new ConfigRequest(session.options().watchdogMillis(), payload));
    session.maxPayloadBytes(payload);
    needsConfig = false;
  }

  /**
   * Runs a command that may safely run again after a reset (it changes no device): on a new epoch
   * the board is re-armed with CONFIG and the command is sent afresh.
   */
  private Message repeatable(Message.Request request) {
    for (int recoveries = 0; ; recoveries++) {
      try {
        if (!(request instanceof Hello)) configureIfNeeded();
        return session.call(request);
      } catch (EpochChangedException e) {
        needsConfig = true;
        checkRecoveries(recoveries, request, e);
      } catch (NakException e) {
        if (e.nak().code() != NakCode.SAFE_STATE) throw refusal(e);
        needsConfig = true; // board rebooted or its watchdog tripped: re-arm and retry
        checkRecoveries(recoveries, request, e);
      } catch (BoardException e) {
        throw failSafe(e);
      }
    }
  }

  /**
   * Runs a PULSE batch exactly once. After a reset the board's journal says how many of its cells
   * were applied; only the remaining suffix is sent again.
   */
  private void pulseExactlyOnce(PulseBatch b) {
    long id = nextCommandId++;
    long applied = 0;
    boolean outcomeUnknown = false;
    for (int recoveries = 0; ; recoveries++) {
      try {
        configureIfNeeded();
        if (outcomeUnknown) {
          StatusResponse s = (StatusResponse) session.call(new StatusRequest(0, id));
          applied = s.journalFound() ? s.appliedCells() : 0;
          outcomeUnknown = false;
        }
        if (applied >= b.size() && applied > 0) return;
        PulseResponse r = (PulseResponse) session.call(slice(b, id, (int) applied));
        if (r.appliedCells() != b.size()) throw new BoardException("board applied " + r.appliedCells() + " of " + b.size() + " pulses of command " + id);
        return;
      } catch (EpochChangedException e) {
        needsConfig = true;
        outcomeUnknown = true;
        checkRecoveries(recoveries, null, e);
      } catch (NakException e) {
        NakCode c = e.nak().code();
        if (c == NakCode.SAFE_STATE) needsConfig = true;
        else if (c == NakCode.PARAM_OUT_OF_LIMITS && e.nak().param() == ParamId.FIRST_CELL) outcomeUnknown = true;
        else throw refusal(e);
        checkRecoveries(recoveries, null, e);
      } catch (BoardException e) {
        throw failSafe(e);
      }
    }
  }

  private static PulseRequest slice(PulseBatch b, long id, int first) {
    int n = b.size();
    return new PulseRequest(id, n, first, b.array(), b.kind(), b.amplitudeVolts(), Arrays.copyOfRange(b.rows(), first, n),
        Arrays.copyOfRange(b.cols(), first, n), Arrays.copyOfRange(b.gateVolts(), first, n));
  }

  private void checkRecoveries(int recoveries, Message.Request request, BoardException cause) {
    if (recoveries >= session.options().maxRecoveries())
      throw failSafe(new BoardException("board keeps resetting: gave up " + (request == null ? "PULSE" : request.opcode())
          + " after " + recoveries + " recoveries", cause));
  }

  /** A board-side refusal of a parameter is the caller's mistake, as on the simulated board. */
  private static RuntimeException refusal(NakException e) {
    if (e.nak().code() == NakCode.PARAM_OUT_OF_LIMITS) return new IllegalArgumentException(e.getMessage(), e);
    return e;
  }

  /** After a link failure, try once to leave the board with all lines grounded. */
  private BoardException failSafe(BoardException e) {
    if (e instanceof NakException) return e;
    try {
      session.call(new SafeStateRequest(), 1);
    } catch (RuntimeException ignored) {
      // The link is already failing; the original error is the one to report.
    }
    return e;
  }

  private void awaitReady() {
    long deadline = ticker.nanos() + READY_TIMEOUT_MILLIS * 1_000_000;
    while (!lines.isReady()) {
      if (ticker.nanos() > deadline) throw new BoardException("board did not raise READY within " + READY_TIMEOUT_MILLIS + " ms after power-on/reset");
      ticker.sleepMillis(READY_POLL_MILLIS);
    }
  }

  /** Pulses RESET, waits for READY and reconnects. Device conductances persist; the epoch changes. */
  public void hardReset() {
    if (!lines.present()) throw new BoardException("this board has no RESET line; power-cycle it by hand");
    lines.pulseReset(RESET_PULSE);
    awaitReady();
    session.drain();
    connect();
  }

  private void open() {
    if (closed) throw new IllegalStateException("board is closed");
  }

  @Override
  public BoardSpec spec() {
    return spec;
  }

  /** The board's INFO: spec plus protocol limits. */
  public Info info() {
    return info;
  }

  @Override
  public synchronized void pulse(PulseBatch batch) {
    open();
    spec.checkPulses(batch);
    pulseExactlyOnce(batch);
    commands++;
    pulses += batch.size();
  }

  @Override
  public synchronized void read(Region region, double[] outSiemens) {
    open();
    spec.checkRegion(region);
    int n = region.cellCount();
    if (outSiemens.length < n) throw new IllegalArgumentException("output buffer holds " + outSiemens.length + " values, need " + n);
    ReadResponse r = (ReadResponse) repeatable(new ReadRequest(region.array(), region.rows(), region.cols()));
    if (r.siemens().length != n) throw new BoardException("board returned " + r.siemens().length + " conductances for " + n + " cells");
    System.arraycopy(r.siemens(), 0, outSiemens, 0, n);
    commands++;
    cellReads += n;
  }

  /**
   * Each drive on its opcode: row volts as MVM, pair volts as MVM_DIFFERENTIAL (one voltage per
   * pair on the wire: half the bytes), feature maps as MVM_PATCHES (the board unfolds them), or as
   * their pair volts once the firmware refused MVM_PATCHES as unknown.
   */
  @Override
  public synchronized void mvm(Region region, RowDrive drive, double[] outColumnAmps) {
    open();
    spec.checkRegion(region);
    if (drive instanceof RowVolts v)
      mvmSliced(region, "rowVolts", v.volts(), region.rowCount(), v.batch(), outColumnAmps,
          (nb, volts) -> new MvmRequest(region.array(), region.rows(), region.cols(), nb, volts));
    else if (drive instanceof PairVolts p)
      mvmSliced(region, "pairVolts", p.volts(), Drives.pairs(region), p.batch(), outColumnAmps,
          (nb, volts) -> new MvmDifferentialRequest(region.array(), region.rows(), region.cols(), nb, volts));
    else mvmMaps(region, (FeatureMaps) drive, outColumnAmps);
  }

  /** Column drives travel as their pair volts (MVM_DIFFERENTIAL), transposed here: the wire format is the row layout's. */
  @Override
  public synchronized boolean mvm(Region region, ColumnDrive drive, double[][] outColumnAmps) {
    open();
    return Drives.mvm(this, region, drive, outColumnAmps);
  }

  /** One MVM or MVM_DIFFERENTIAL request for {@code vectors} vectors of the batch. */
  @FunctionalInterface
  private interface SliceRequest {
    Message.Request of(int vectors, double[] volts);
  }

  /**
   * Row or pair volts ({@code perVector} values per vector), sent in as few requests as the
   * board's request buffer allows: one round trip per call unless it is smaller than the batch.
   */
  private void mvmSliced(Region region, String what, double[] volts, int perVector, int batch, double[] outColumnAmps, SliceRequest request) {
    int nr = region.rowCount(), nc = region.colCount();
    if (volts.length < batch * perVector) throw new IllegalArgumentException(what + " holds " + volts.length + " values, need " + batch * perVector);
    if (outColumnAmps.length < batch * nc) throw new IllegalArgumentException("output buffer holds " + outColumnAmps.length + " values, need " + batch * nc);
    checkVolts(volts, batch * perVector);
    long fixed = MVM_FIXED_BYTES + 2L * (nr + nc);
    int perCall = (int) Math.max(1, Math.min(batch, (info.maxRequestBytes() - fixed) / (Double.BYTES * (long) perVector)));
    for (int b0 = 0; b0 < batch || b0 == 0; b0 += perCall) {
      int nb = Math.min(perCall, batch - b0);
      double[] slice = Arrays.copyOfRange(volts, b0 * perVector, (b0 + nb) * perVector);
      answer(repeatable(request.of(nb, slice)), nb * nc, outColumnAmps, b0 * nc);
      if (batch == 0) break;
    }
    commands++;
    mvmVectors += batch;
  }

  /**
   * Sends the feature maps, not the patches: the board unfolds them (MVM_PATCHES), which cuts a
   * 3×3 convolution's request ninefold. A board whose firmware does not know the operation gets
   * the patches as differential MVMs instead ({@link Drives}), with the same result.
   */
  private void mvmMaps(Region region, FeatureMaps drive, double[] outColumnAmps) {
    int pairs = drive.checkedPairs(region), samples = drive.samples();
    PatchGeometry geometry = drive.geometry();
    double[] maps = drive.maps();
    int perSample = geometry.patchesPerSample(), nc = region.colCount(), k = geometry.patchSize();
    if (outColumnAmps.length < (long) samples * perSample * nc)
      throw new IllegalArgumentException("output buffer holds " + outColumnAmps.length + " values, need " + (long) samples * perSample * nc);
    if (!patchesOnBoard) {
      Drives.mvm(this, region, drive, outColumnAmps);
      return;
    }
    // Refuse exactly what every board refuses: the voltages the board will compute must pass the read limit.
    double[] v = new double[perSample * pairs], scratch = new double[geometry.scratchSize()];
    for (int s = 0; s < samples; s++) {
      geometry.pairVolts(maps, s, s + 1, spec.readVolts(), pairs / k, v, 0, scratch);
      checkVolts(v, v.length);
    }
    long fixed = MVM_FIXED_BYTES + 2L * (region.rowCount() + nc) + PATCH_GEOMETRY_BYTES;
    long bySize = (info.maxRequestBytes() - fixed) / (Double.BYTES * (long) geometry.mapSize());
    long byRam = Frame.MAX_UNFOLDED_VOLTS / ((long) perSample * pairs);
    int perCall = (int) Math.max(1, Math.min(samples, Math.min(bySize, byRam)));
    int mapSize = geometry.mapSize();
    for (int s0 = 0; s0 < samples || s0 == 0; s0 += perCall) {
      int ns = Math.min(perCall, samples - s0);
      double[] chunk = Arrays.copyOfRange(maps, s0 * mapSize, (s0 + ns) * mapSize);
      Message r;
      try {
        r = repeatable(new MvmPatchesRequest(region.array(), region.rows(), region.cols(), geometry, ns, chunk));
      } catch (NakException e) {
        if (e.nak().code() != NakCode.UNKNOWN_OPCODE || s0 > 0) throw e;
        patchesOnBoard = false; // older firmware: send the patches from now on
        Drives.mvm(this, region, drive, outColumnAmps);
        return;
      }
      answer(r, ns * perSample * nc, outColumnAmps, s0 * perSample * nc);
      if (samples == 0) break;
    }
    commands++;
    mvmVectors += (long) samples * perSample;
  }

  /** Maps instead of patches save most of a convolution's request bytes, unless the firmware lacks MVM_PATCHES. */
  @Override
  public boolean prefersFeatureMaps() {
    return patchesOnBoard;
  }

  private void checkVolts(double[] v, int n) {
    double vmax = spec.readVolts() * (1 + READ_VOLTS_TOLERANCE);
    for (int k = 0; k < n; k++)
      if (!(Math.abs(v[k]) <= vmax)) throw new IllegalArgumentException("row voltage " + v[k] + " V outside ±" + spec.readVolts() + " V");
  }

  private static void answer(Message m, int count, double[] out, int at) {
    MvmResponse r = (MvmResponse) m;
    if (r.columnAmps().length != count) throw new BoardException("board returned " + r.columnAmps().length + " currents for " + count);
    System.arraycopy(r.columnAmps(), 0, out, at, count);
  }

  /** Runs the firmware's self test (SELF_TEST): cells checked and cells that failed. */
  @Override
  public synchronized Result selfTest() {
    open();
    SelfTestResponse r = (SelfTestResponse) repeatable(new SelfTestRequest());
    return new Result(r.checkedCells(), r.failedCells());
  }

  @Override
  public synchronized BoardCounters counters() {
    return new BoardCounters(pulses, cellReads, mvmVectors, commands, session.counters().retries());
  }

  /** Link-level detail: resends, CRC errors, resyncs, resets seen, bytes. */
  @Override
  public synchronized LinkCounters linkCounters() {
    return session.counters();
  }

  /** Leaves the board in SAFE_STATE (best effort) and closes the link. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      session.call(new SafeStateRequest(), 1);
    } catch (RuntimeException ignored) {
      // Closing must not fail because the board is already gone.
    } finally {
      session.close();
      lines.close();
    }
  }
}
