package insitu.boards;

/**
 * Work done by a board, for reports and benchmarks.
 *
 * @param pulses cells pulsed (SET and RESET)
 * @param cellReads cells whose conductance was read
 * @param mvmVectors input vectors applied in analog MVMs
 * @param commands board operations (pulse, read, mvm calls)
 * @param retries commands resent after a link fault (0 for the simulated board)
 */
public record BoardCounters(long pulses, long cellReads, long mvmVectors, long commands, long retries) {

  public BoardCounters minus(BoardCounters o) {
    return new BoardCounters(pulses - o.pulses, cellReads - o.cellReads, mvmVectors - o.mvmVectors,
        commands - o.commands, retries - o.retries);
  }
}
