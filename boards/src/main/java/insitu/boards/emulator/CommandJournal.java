package insitu.boards.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The board's non-volatile record of device-changing commands: for each command id, how many
 * cells of its batch have been applied. It survives resets (like the memristors themselves), so
 * after a reset the host can ask exactly which prefix of an interrupted PULSE took effect.
 */
final class CommandJournal {
  /** One command's progress. */
  record Entry(long commandId, long totalCells, long appliedCells) {}

  private final int capacity;
  private final Map<Long, Entry> entries;
  private long lastCommandId;

  CommandJournal(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override protected boolean removeEldestEntry(Map.Entry<Long, Entry> e) {
        return size() > CommandJournal.this.capacity;
      }
    };
  }

  Entry find(long commandId) {
    return entries.get(commandId);
  }

  /** Cells already applied for this command; 0 if the journal has never seen it. */
  long applied(long commandId) {
    Entry e = entries.get(commandId);
    return e == null ? 0 : e.appliedCells();
  }

  void record(long commandId, long totalCells, long appliedCells) {
    entries.put(commandId, new Entry(commandId, totalCells, appliedCells));
    lastCommandId = Math.max(lastCommandId, commandId);
  }

  long lastCommandId() {
    return lastCommandId;
  }
}
