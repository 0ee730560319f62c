package insitu.boards.emulator;

import insitu.boards.protocol.Frame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last replies by sequence number, in RAM (lost on reset). A duplicate request is answered
 * from here and never executed again.
 */
final class ResponseCache {
  private final Map<Integer, List<Frame>> bySeq;

  ResponseCache(int capacity) {
    bySeq = new LinkedHashMap<>(16, 0.75f, false) {
      @Override protected boolean removeEldestEntry(Map.Entry<Integer, List<Frame>> e) {
        return size() > capacity;
      }
    };
  }

  List<Frame> get(int seq) { return bySeq.get(seq); }
  void put(int seq, List<Frame> frames) { bySeq.put(seq, List.copyOf(frames)); }
  void clear() { bySeq.clear(); }
}
