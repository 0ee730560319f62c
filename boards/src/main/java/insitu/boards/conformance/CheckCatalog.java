package insitu.boards.conformance;

import java.util.List;

/**
 * Every conformance check in the order the suite runs them, as a table by family: the names and
 * requirements read as the firmware's specification (docs/board-protocol.md §10 lists them in
 * this order); the bodies live in each family's class.
 */
final class CheckCatalog {
  private CheckCatalog() {}

  /** What a check uses besides the link: the suite's pulse cells (read before, restored after) and the RESET line. */
  private enum Uses { BOARD, CELLS, RESET_LINE, CELLS_AND_RESET_LINE }

  static List<ConformanceCheck> all() {
    return List.of(
        // Frames on the wire: INFO, COBS/CRC, resynchronization, what is dropped without a word, the frame size limit.
        check("hello-info", Uses.BOARD, FramingChecks::helloInfo,
            "HELLO in epoch 0 gets an ACK and an INFO that decodes strictly and describes a usable board; board frames carry a non-zero epoch, flags 0 and valid CRCs"),
        check("resync-after-garbage", Uses.BOARD, FramingChecks::resyncAfterGarbage,
            "garbage without delimiters, runs of delimiters and half a frame are dropped; the next frame (with its leading delimiter) is answered"),
        check("bad-crc-dropped", Uses.BOARD, FramingChecks::badCrcDropped,
            "a SAFE_STATE frame with a wrong CRC gets no reply and no effect (the board stays armed, GAPS knows nothing of it)"),
        check("bad-crc-pulse-no-effect", Uses.CELLS, FramingChecks::badCrcPulse,
            "a PULSE frame with a wrong CRC gets no reply and leaves the cell as it was"),
        check("malformed-frames-dropped", Uses.BOARD, FramingChecks::malformed,
            "frames of another version or type, with a wrong length field, reserved flag bits, a part beyond its total, shorter than a header or not valid COBS are dropped without reply"),
        check("max-frame-size", Uses.BOARD, FramingChecks::maxFrameSize,
            "a request frame of exactly INFO's maxPayloadBytes is served; a larger one is dropped without reply and the next frame is answered"),
        // Sequence numbers, duplicates, the pulse journal, epochs and STATUS.
        check("duplicate-read-answered-from-cache", Uses.BOARD, SessionChecks::duplicateRead,
            "a READ resent with the same seq and epoch gets the same ACK and the same response bytes again"),
        check("duplicate-pulse-applied-once", Uses.CELLS, SessionChecks::duplicatePulse,
            "a PULSE resent with the same seq after another PULSE gets its cached answer and is not applied again (the cell, read back, shows one application)"),
        check("journal-refuses-replay", Uses.CELLS, SessionChecks::journalReplay,
            "a PULSE under a new seq with a command id and first cell the journal has already applied is refused with PARAM_OUT_OF_LIMITS FIRST_CELL and not applied"),
        check("pulse-slices-and-status", Uses.CELLS, SessionChecks::slices,
            "PULSE slices of one command apply in order, STATUS reports the journal's applied prefix, a slice past the total is refused (COUNT) and command id 0 too (COMMAND_ID)"),
        check("stale-epoch-refused", Uses.BOARD, SessionChecks::staleEpoch,
            "requests carrying a wrong epoch are refused with STALE_EPOCH, except HELLO, STATUS and ABORT (answered) and GAPS / FETCH (NONE / BAD_SEQUENCE)"),
        check("seq-wraparound", Uses.BOARD, SessionChecks::wraparound,
            "requests numbered across 0xFFFE → 0x0000 are each answered afresh under their own seq"),
        check("status-and-cached-answer", Uses.BOARD, SessionChecks::statusAndCache,
            "STATUS of a finished request says DONE and is followed by that request's cached ACK and response; STATUS of an unused seq says UNKNOWN"),
        // Arming: SAFE_STATE, CONFIG and its limits, the watchdog; SELF_TEST and ABORT.
        check("safe-state-refuses-device-commands", Uses.CELLS, StateChecks::safeState,
            "after SAFE_STATE, READ, MVM and PULSE are refused with SAFE_STATE (the PULSE not applied) while HELLO and STATUS (state SAFE) are answered; CONFIG arms the board again"),
        check("config-limits", Uses.BOARD, StateChecks::configLimits,
            "CONFIG below 64 or above INFO's frame size is refused (PAYLOAD_BYTES), a watchdog over an hour too (WATCHDOG_MS); a valid CONFIG is echoed and the board's reply parts then respect it"),
        check("watchdog-trips", Uses.BOARD, StateChecks::watchdog,
            "with a " + StateChecks.WATCHDOG_MILLIS + " ms watchdog a READ at once is served, after " + 3 * StateChecks.WATCHDOG_MILLIS + " ms of silence it is refused with SAFE_STATE; CONFIG with watchdog 0 arms the board again"),
        check("self-test-and-abort", Uses.BOARD, StateChecks::selfTestAndAbort,
            "SELF_TEST is acknowledged and checks every cell of INFO (failed ≤ checked); ABORT with nothing running answers aborted = 0"),
        // Refusals: every field checked against INFO before a line is touched, with the documented NAK.
        check("nak-out-of-range", Uses.CELLS, LimitChecks::outOfRange,
            "an array, row or column outside INFO (or an empty region) is refused with PARAM_OUT_OF_LIMITS naming ARRAY / ROW / COL, its index and value; a PULSE with one bad cell is not applied even in part"),
        check("nak-over-voltage", Uses.CELLS, LimitChecks::overVoltage,
            "row voltages beyond ±readVolts or NaN (ROW_VOLTS, with the index), pulse amplitudes beyond INFO or negative (AMPLITUDE_VOLTS) and gates beyond INFO (GATE_VOLTS) are refused and nothing is applied; exactly ±readVolts is served"),
        check("nak-oversized-batch", Uses.BOARD, LimitChecks::oversized,
            "a reply over 16 MiB is refused before anything runs (MVM: BATCH, READ: COUNT, MVM_PATCHES: BATCH), an odd differential region too (ROW), and a request announcing more than maxRequestBytes with BAD_LENGTH at its first part"),
        check("nak-unknown-opcode-and-bad-length", Uses.BOARD, LimitChecks::unknownAndLength,
            "unassigned opcodes are refused with UNKNOWN_OPCODE (the NAK carries the opcode), a payload with a byte too many or too few with BAD_LENGTH"),
        // The devices as READ and PULSE see them: stable reads in the window, the right cell at the right place, SET up, RESET down.
        check("reads-stable-in-window", Uses.BOARD, DeviceChecks::stableReads,
            "repeated READs of a block give conductances inside INFO's window whose spread (standard deviation) stays within the allowed read noise"),
        check("read-indexing", Uses.BOARD, DeviceChecks::indexing,
            "a READ with shuffled and repeated row and column lists returns, row-major, what READs of the single cells return"),
        check("set-raises-conductance", Uses.CELLS, DeviceChecks::setRaises,
            "after RESET, the largest SET raises the cells by more than a tenth of the window and leaves them inside it (one stuck cell of four is tolerated)"),
        check("reset-lowers-conductance", Uses.CELLS, DeviceChecks::resetLowers,
            "after SET, the largest RESET lowers the cells by more than a tenth of the window and leaves them inside it (one stuck cell of four is tolerated)"),
        // Matrix-vector products: against the conductances READ returns, and the differential and patch forms against the plain one.
        check("mvm-matches-reads", Uses.BOARD, ProductChecks::mvmMatchesReads,
            "MVM column currents equal Gᵀ·V of the READ conductances, for a batch with the extreme ±readVolts vectors and random ones, within read noise and INFO's ADC step"),
        check("mvm-differential-matches-mvm", Uses.BOARD, ProductChecks::differential,
            "MVM_DIFFERENTIAL with pair voltages equals MVM with +v on row 2i and −v on row 2i+1, within noise and ADC step"),
        check("mvm-patches-match-differential", Uses.BOARD, ProductChecks::patches,
            "MVM_PATCHES of padded feature maps equals MVM_DIFFERENTIAL of the patches unfolded and scaled as PatchGeometry.pairVolts defines (or is refused UNKNOWN_OPCODE by firmware without it)"),
        // Messages in parts: reassembly in any order, reply part sizes, GAPS and FETCH (selective repeat).
        check("request-parts-any-order", Uses.BOARD, TransferChecks::partsAnyOrder,
            "a request sent in parts of mixed sizes, in reverse order and with one part twice is executed once, with the same result as sent whole"),
        check("reply-part-size", Uses.BOARD, TransferChecks::replyPartSize,
            "a request's reply part code (flags bits 4-7) makes every RESPONSE part at most that size, cut at 64-byte block boundaries, the parts covering the reply exactly"),
        check("gaps-reports-missing-blocks", Uses.BOARD, TransferChecks::gaps,
            "GAPS of a request with parts missing answers PARTIAL marking exactly those blocks; once they are sent the request runs and GAPS answers ANSWERED; GAPS of an unused seq answers NONE"),
        check("fetch-resends-blocks", Uses.BOARD, TransferChecks::fetch,
            "FETCH resends exactly the marked blocks of a cached reply under its seq, then its byte count under the FETCH's seq; an empty map resends all; FETCH of an unknown seq is refused BAD_SEQUENCE"),
        // When answers come: the ACK within the host's ACK timeout, the response within the board's own estimate plus the margin.
        check("answer-timing", Uses.BOARD, TimingChecks::timing,
            "ACKs (and STATUS answers) come within the ACK timeout after the request; each response within its ACK's estimatedMicros plus the response margin"),
        check("sustained-traffic", Uses.BOARD, TimingChecks::sustained,
            TimingChecks.SUSTAINED + " requests in a row (READ, MVM, STATUS) are all answered, every board frame intact; a board that falls silent is reported as hung after the ACK timeout × attempts"),
        // What a reset (the RESET line) must change and what it must not: a BOOT event with a new epoch, SAFE_STATE, requests of the old epoch refused, the response cache gone; devices and the pulse journal kept.
        check("reset-boot-event", Uses.RESET_LINE, ResetChecks::bootEvent,
            "after RESET the board sends one BOOT event with a new non-zero epoch and a boot count one higher, and INFO agrees"),
        check("reset-boots-in-safe-state", Uses.RESET_LINE, ResetChecks::bootsSafe,
            "after RESET, READ in the new epoch is refused with SAFE_STATE and STATUS says SAFE until CONFIG"),
        check("reset-refuses-old-epoch", Uses.CELLS_AND_RESET_LINE, ResetChecks::oldEpoch,
            "after RESET, a READ answered before it and resent unchanged, and a PULSE of the old epoch, are refused with STALE_EPOCH (the PULSE not applied); GAPS and FETCH of the old seq find nothing"),
        check("reset-keeps-devices-and-journal", Uses.CELLS_AND_RESET_LINE, ResetChecks::keeps,
            "a RESET leaves the conductances as they were and the journal knows the PULSE applied before it (STATUS, INFO's lastCommandId)"));
  }

  private static ConformanceCheck check(String name, Uses uses, ConformanceCheck.Body body, String requires) {
    boolean cells = uses == Uses.CELLS || uses == Uses.CELLS_AND_RESET_LINE;
    boolean resetLine = uses == Uses.RESET_LINE || uses == Uses.CELLS_AND_RESET_LINE;
    return new ConformanceCheck(name, requires, cells, resetLine, body);
  }
}
