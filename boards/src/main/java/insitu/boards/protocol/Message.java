package insitu.boards.protocol;

import insitu.boards.BoardSpec;
import insitu.boards.PatchGeometry;
import insitu.boards.PulseKind;

/**
 * Every message of the board protocol, one record each. A message is the decoded payload of one
 * frame type and opcode; {@link MessageCodec} maps it to and from little-endian bytes. Arrays in
 * records are raw wire values: the decoder checks shape, the board checks limits.
 */
public sealed interface Message {

  Opcode opcode();

  FrameType type();

  /** Marker for host-to-board commands. */
  sealed interface Request extends Message {
    @Override default FrameType type() { return FrameType.REQUEST; }
  }

  /** Marker for the board's answers. */
  sealed interface Response extends Message {
    @Override default FrameType type() { return FrameType.RESPONSE; }
  }

  // ---- requests ----

  record Hello() implements Request {
    @Override public Opcode opcode() { return Opcode.HELLO; }
  }

  /**
   * @param watchdogMillis the board enters SAFE_STATE if no frame arrives for this long; 0 = off
   * @param maxPayloadBytes largest payload per frame the board may send (≤ its INFO maximum)
   */
  record ConfigRequest(long watchdogMillis, int maxPayloadBytes) implements Request {
    @Override public Opcode opcode() { return Opcode.CONFIG; }
  }

  /**
   * @param querySeq a request sequence number whose state the host wants (and whose cached reply
   *     the board resends if it has one)
   * @param commandId a PULSE command id whose journal entry the host wants; 0 = none
   */
  record StatusRequest(int querySeq, long commandId) implements Request {
    @Override public Opcode opcode() { return Opcode.STATUS; }
  }

  record SafeStateRequest() implements Request {
    @Override public Opcode opcode() { return Opcode.SAFE_STATE; }
  }

  record SelfTestRequest() implements Request {
    @Override public Opcode opcode() { return Opcode.SELF_TEST; }
  }

  record AbortRequest() implements Request {
    @Override public Opcode opcode() { return Opcode.ABORT; }
  }

  /** Asks how much of request {@code querySeq} the board has received (selective repeat, §1). */
  record GapsRequest(int querySeq) implements Request {
    @Override public Opcode opcode() { return Opcode.GAPS; }
  }

  /** Asks the board to resend the marked blocks of its cached response to {@code querySeq}. */
  record FetchRequest(int querySeq, BlockMap wanted) implements Request {
    @Override public Opcode opcode() { return Opcode.FETCH; }
  }

  record ReadRequest(int array, int[] rows, int[] cols) implements Request {
    @Override public Opcode opcode() { return Opcode.READ; }
  }

  /**
   * A slice of one host pulse batch: cells {@code firstCell … firstCell+rows.length-1} of a batch of
   * {@code totalCells}, identified by {@code commandId} in the board's journal.
   */
  record PulseRequest(long commandId, long totalCells, long firstCell, int array, PulseKind kind,
      double amplitudeVolts, int[] rows, int[] cols, double[] gateVolts) implements Request {
    @Override public Opcode opcode() { return Opcode.PULSE; }
  }

  /** @param rowVolts {@code batch × rows.length}, row-major */
  record MvmRequest(int array, int[] rows, int[] cols, int batch, double[] rowVolts) implements Request {
    @Override public Opcode opcode() { return Opcode.MVM; }
  }

  /** @param pairVolts {@code batch × rows.length/2}: pair i is driven +v on row 2i, −v on row 2i+1 */
  record MvmDifferentialRequest(int array, int[] rows, int[] cols, int batch, double[] pairVolts) implements Request {
    @Override public Opcode opcode() { return Opcode.MVM_DIFFERENTIAL; }
  }

  /**
   * Feature maps whose patches the board unfolds, scales and drives itself
   * ({@link PatchGeometry#pairVolts}); answered like MVM, one vector per patch.
   *
   * @param maps {@code samples × geometry.mapSize()}
   */
  record MvmPatchesRequest(int array, int[] rows, int[] cols, PatchGeometry geometry, int samples, double[] maps) implements Request {
    @Override public Opcode opcode() { return Opcode.MVM_PATCHES; }
  }

  // ---- responses ----

  /**
   * @param spec the whole board description including its defect map and limits
   * @param maxPayloadBytes largest payload per frame the board accepts and sends
   * @param maxRequestBytes largest reassembled request payload the board can buffer
   * @param lastCommandId highest PULSE command id in the board's journal (host ids continue after it)
   * @param bootCount boots since manufacture (diagnostics)
   */
  record Info(BoardSpec spec, int maxPayloadBytes, long maxRequestBytes, long lastCommandId, long bootCount) implements Response {
    @Override public Opcode opcode() { return Opcode.HELLO; }
  }

  record ConfigResponse(long watchdogMillis, int maxPayloadBytes) implements Response {
    @Override public Opcode opcode() { return Opcode.CONFIG; }
  }

  /** State of a request sequence number, as the board knows it in the current epoch. */
  enum SeqState { UNKNOWN, EXECUTING, DONE }

  /** What the board is doing. */
  enum BoardState { IDLE, BUSY, SAFE }

  /**
   * @param journalFound whether the journal holds {@code commandId}
   * @param appliedCells cells of that command already applied (a prefix of its batch)
   */
  record StatusResponse(BoardState boardState, int querySeq, SeqState seqState, long commandId, boolean journalFound,
      long totalCells, long appliedCells, long bootCount) implements Response {
    @Override public Opcode opcode() { return Opcode.STATUS; }
  }

  /** What the board holds of a request. */
  enum ReceiveState {
    /** Nothing of it (or a previous epoch's): send it all. */
    NONE,
    /** Some blocks: {@code missing} marks the ones to resend. */
    PARTIAL,
    /** Whole, acknowledged or refused, still executing. */
    RECEIVED,
    /** Whole and answered; every answer frame was sent before this reply. */
    ANSWERED,
    /** As PARTIAL, and more windows of missing blocks follow in further frames of this reply. */
    PARTIAL_MORE
  }

  /** @param missing a window of missing blocks starting at the first missing one (PARTIAL only) */
  record GapsResponse(ReceiveState state, long totalBytes, BlockMap missing) implements Response {
    @Override public Opcode opcode() { return Opcode.GAPS; }
  }

  /** Sent after the fetched blocks: the host may look for what is still missing. */
  record FetchResponse(long bytesSent) implements Response {
    @Override public Opcode opcode() { return Opcode.FETCH; }
  }

  record SafeStateResponse() implements Response {
    @Override public Opcode opcode() { return Opcode.SAFE_STATE; }
  }

  record SelfTestResponse(long checkedCells, long failedCells) implements Response {
    @Override public Opcode opcode() { return Opcode.SELF_TEST; }
  }

  record AbortResponse(boolean aborted) implements Response {
    @Override public Opcode opcode() { return Opcode.ABORT; }
  }

  /** @param siemens row-major rows × cols of the request */
  record ReadResponse(double[] siemens) implements Response {
    @Override public Opcode opcode() { return Opcode.READ; }
  }

  /** @param appliedCells cells of the command applied in total, all slices together */
  record PulseResponse(long commandId, long appliedCells) implements Response {
    @Override public Opcode opcode() { return Opcode.PULSE; }
  }

  /** @param columnAmps batch × cols of the request, row-major */
  record MvmResponse(double[] columnAmps) implements Response {
    @Override public Opcode opcode() { return Opcode.MVM; }
  }

  // ---- acknowledgements, refusals, events ----

  /** The command was received whole and is valid; the board expects to answer within this time. */
  record Ack(Opcode acked, long estimatedMicros) implements Message {
    @Override public Opcode opcode() { return acked; }
    @Override public FrameType type() { return FrameType.ACK; }
  }

  /**
   * @param param which parameter broke a limit (NONE for other codes)
   * @param index element index of that parameter (cell, row position), 0 if scalar
   * @param value the offending value
   * @param limit the limit it broke
   */
  record Nak(Opcode refused, NakCode code, ParamId param, long index, double value, double limit) implements Message {
    @Override public Opcode opcode() { return refused; }
    @Override public FrameType type() { return FrameType.NAK; }

    public String describe() {
      return code == NakCode.PARAM_OUT_OF_LIMITS
          ? param + "[" + index + "] = " + value + " outside limit " + limit
          : code.toString();
    }
  }

  /** Why the board booted. */
  enum BootReason { POWER_ON, RESET_PIN, WATCHDOG, FAULT }

  /** Sent once after every boot, so the host learns the new epoch without waiting for a timeout. */
  record BootEvent(long epoch, long bootCount, BootReason reason) implements Message {
    @Override public Opcode opcode() { return Opcode.BOOT; }
    @Override public FrameType type() { return FrameType.EVENT; }
  }
}
