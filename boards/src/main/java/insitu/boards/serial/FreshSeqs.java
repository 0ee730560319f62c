package insitu.boards.serial;

import insitu.boards.protocol.Frame;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.SeqState;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import insitu.errors.BoardException;
import java.util.SplittableRandom;

/**
 * Where a new host session starts numbering its requests (board-protocol.md §4.1): past every seq
 * the board may still hold an answer to from an earlier session in the same epoch, since a request
 * under such a seq would be answered from that cache with the old answer. The start is drawn from
 * a seeded generator and taken once STATUS says the {@value #WINDOW} seqs from there are unknown to
 * the board: it keeps 16 answers, so the session's own answers evict the old ones before its
 * numbering leaves the window.
 */
final class FreshSeqs {
  /** Seqs that must be unknown to the board before a session numbers its requests from them. */
  static final int WINDOW = 64;
  /** Random starts tried before the board counts as holding answers everywhere. */
  private static final int MAX_ATTEMPTS = 16;

  private FreshSeqs() {}

  /** Call once per session, after the first HELLO (which, carrying epoch 0, never matches the cache). */
  static void start(BoardSession session, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int start = random.nextInt(Frame.SEQ_UNKNOWN);
      session.nextSeq(start + WINDOW); // the probes themselves are numbered after the window
      boolean fresh = true;
      try {
        for (int k = 0; k < WINDOW && fresh; k++) {
          Message m = session.call(new StatusRequest((start + k) % Frame.SEQ_UNKNOWN, 0));
          fresh = m instanceof StatusResponse s && s.seqState() == SeqState.UNKNOWN;
        }
      } catch (EpochChangedException e) {
        fresh = true; // the board reset: its cache is empty
      }
      if (fresh) {
        session.nextSeq(start);
        return;
      }
    }
    throw new BoardException("the board holds cached answers under every sequence number tried; reset it");
  }
}
