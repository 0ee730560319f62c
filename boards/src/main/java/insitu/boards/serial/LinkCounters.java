package insitu.boards.serial;

/**
 * What the serial link went through, for diagnostics and the efficiency figure.
 *
 * @param retries requests resent because no acknowledgement came
 * @param statusPolls STATUS queries for commands that were acknowledged but not answered
 * @param timeouts waits that ended without the expected frame
 * @param crcErrors received frames that failed their CRC
 * @param malformedFrames received blocks that were not valid COBS, too long, or had a bad header
 * @param resyncs times the decoder dropped bytes and restarted at the next delimiter
 * @param epochChanges board resets detected
 * @param naks refusals received (including early-resend hints for damaged frames)
 * @param framesSent frames written
 * @param framesReceived good frames read
 * @param wireBytesSent bytes written, COBS and delimiters included
 * @param wireBytesReceived bytes read
 * @param payloadBytesSent message payload bytes in the frames written
 * @param payloadBytesReceived message payload bytes in the good frames read
 */
public record LinkCounters(long retries, long statusPolls, long timeouts, long crcErrors, long malformedFrames, long resyncs,
    long epochChanges, long naks, long framesSent, long framesReceived, long wireBytesSent, long wireBytesReceived,
    long payloadBytesSent, long payloadBytesReceived) {

  /** Payload bytes over wire bytes, both directions together. */
  public double payloadEfficiency() {
    long wire = wireBytesSent + wireBytesReceived;
    return wire == 0 ? 0 : (double) (payloadBytesSent + payloadBytesReceived) / wire;
  }

  public LinkCounters minus(LinkCounters o) {
    return new LinkCounters(retries - o.retries, statusPolls - o.statusPolls, timeouts - o.timeouts, crcErrors - o.crcErrors,
        malformedFrames - o.malformedFrames, resyncs - o.resyncs, epochChanges - o.epochChanges, naks - o.naks,
        framesSent - o.framesSent, framesReceived - o.framesReceived, wireBytesSent - o.wireBytesSent,
        wireBytesReceived - o.wireBytesReceived, payloadBytesSent - o.payloadBytesSent, payloadBytesReceived - o.payloadBytesReceived);
  }
}
