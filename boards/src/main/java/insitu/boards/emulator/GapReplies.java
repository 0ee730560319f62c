package insitu.boards.emulator;

import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message.GapsRequest;
import insitu.boards.protocol.Message.GapsResponse;
import insitu.boards.protocol.Message.ReceiveState;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.Opcode;
import insitu.boards.serial.Parts;
import java.util.ArrayList;
import java.util.List;

/** The firmware's answer to GAPS: what it holds of a request (board-protocol.md §1). */
final class GapReplies {
  /** Bytes of a GAPS reply besides its block map: state u8, total u32. */
  private static final int GAPS_FIXED_BYTES = 5;
  /** Windows of missing blocks in one GAPS reply (bounds the reply to a few dozen small frames). */
  private static final int MAX_GAP_WINDOWS = 64;

  private GapReplies() {}

  /**
   * The reply frames (under {@code seq}) to a GAPS about request {@code querySeq}: NONE for another
   * epoch or an unknown request, ANSWERED when its answer is cached, or every window of missing
   * blocks of the request being received.
   *
   * @param assembly the request being received, or null
   */
  static List<Frame> reply(int seq, long epoch, boolean sameEpoch, GapsRequest g, ResponseCache cache, Parts.Assembly assembly, int partBytes) {
    GapsResponse r;
    if (!sameEpoch) {
      r = new GapsResponse(ReceiveState.NONE, 0, BlockMap.whole());
    } else if (cache.get(g.querySeq()) != null) {
      r = new GapsResponse(ReceiveState.ANSWERED, 0, BlockMap.whole());
    } else if (assembly != null && assembly.seq() == g.querySeq() && assembly.epoch() == epoch && !assembly.complete()) {
      return windows(seq, epoch, assembly, partBytes);
    } else {
      r = new GapsResponse(ReceiveState.NONE, 0, BlockMap.whole());
    }
    return List.of(Frame.single(FrameType.RESPONSE, seq, epoch, Opcode.GAPS, MessageCodec.encode(r)));
  }

  /**
   * Every missing block of a partly received request, one window per frame: each frame alone
   * is enough to resend its blocks, so a lost frame costs only its window one more round.
   */
  private static List<Frame> windows(int seq, long epoch, Parts.Assembly a, int partBytes) {
    int bits = BlockMap.capacity(partBytes, GAPS_FIXED_BYTES);
    List<BlockMap> windows = new ArrayList<>();
    for (BlockMap w = a.missing(0, bits); w != null && windows.size() < MAX_GAP_WINDOWS; w = a.missing(w.firstBlock() + w.count(), bits))
      windows.add(w);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      ReceiveState state = i < windows.size() - 1 ? ReceiveState.PARTIAL_MORE : ReceiveState.PARTIAL;
      frames.add(Frame.single(FrameType.RESPONSE, seq, epoch, Opcode.GAPS, MessageCodec.encode(new GapsResponse(state, a.total(), windows.get(i)))));
    }
    return frames;
  }
}
