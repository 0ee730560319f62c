package insitu.boards.capability;

/**
 * What the serial link went through, for diagnostics and the efficiency figure.
 *
 * @param retries resend rounds: whole or partial resends of a request, FETCHes of missing
 *     response blocks, and probes after a timeout (every time something was sent again)
 * @param statusPolls STATUS queries (journal lookups after a reset)
 * @param timeouts waits that ended without the expected frame
 * @param crcErrors received frames that failed their CRC
 * @param malformedFrames received blocks that were not valid COBS, too long, or had a bad header
 * @param resyncs times the decoder dropped bytes and restarted at the next delimiter
 * @param epochChanges board resets detected
 * @param naks refusals received (including hints for damaged frames)
 * @param framesSent frames written
 * @param framesReceived good frames read
 * @param wireBytesSent bytes written, COBS and delimiters included
 * @param wireBytesReceived bytes read
 * @param payloadBytesSent message payload bytes in the frames written
 * @param payloadBytesReceived message payload bytes in the good frames read
 * @param gapQueries GAPS probes sent (trailers on a lossy link, and after timeouts)
 * @param fetches FETCH requests for missing response blocks
 * @param partsResent request parts sent again (selective repeat)
 * @param txPartBytes current payload size of the host's frames
 * @param rxPartBytes current payload size asked of the board's frames
 */
public record LinkCounters(long retries, long statusPolls, long timeouts, long crcErrors, long malformedFrames, long resyncs,
    long epochChanges, long naks, long framesSent, long framesReceived, long wireBytesSent, long wireBytesReceived,
    long payloadBytesSent, long payloadBytesReceived, long gapQueries, long fetches, long partsResent,
    int txPartBytes, int rxPartBytes) {

  /** Payload bytes over wire bytes, both directions together. */
  public double payloadEfficiency() {
    long wire = wireBytesSent + wireBytesReceived;
    return wire == 0 ? 0 : (double) (payloadBytesSent + payloadBytesReceived) / wire;
  }

  /** Counts since {@code o}; part sizes are the current ones. */
  public LinkCounters minus(LinkCounters o) {
    return new LinkCounters(retries - o.retries, statusPolls - o.statusPolls, timeouts - o.timeouts, crcErrors - o.crcErrors,
        malformedFrames - o.malformedFrames, resyncs - o.resyncs, epochChanges - o.epochChanges, naks - o.naks,
        framesSent - o.framesSent, framesReceived - o.framesReceived, wireBytesSent - o.wireBytesSent,
        wireBytesReceived - o.wireBytesReceived, payloadBytesSent - o.payloadBytesSent, payloadBytesReceived - o.payloadBytesReceived,
        gapQueries - o.gapQueries, fetches - o.fetches, partsResent - o.partsResent, txPartBytes, rxPartBytes);
  }
}
