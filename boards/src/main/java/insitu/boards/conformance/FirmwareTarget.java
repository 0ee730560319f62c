package insitu.boards.conformance;

import insitu.boards.serial.Ticker;
import insitu.boards.serial.Transport;
import java.util.Optional;

/**
 * Firmware the suite can talk to: a byte link, the clock that bounds every wait, the RESET line if
 * there is one, and the options its spec asks for. Closing it closes the link and whatever else it
 * opened.
 *
 * @param description what is being tested, for the report
 */
public record FirmwareTarget(String description, Transport transport, Ticker ticker, Optional<ResetLine> resetLine,
    ConformanceOptions options, AutoCloseable resources) implements AutoCloseable {

  /** The same firmware as if its RESET line were not wired. */
  public FirmwareTarget withoutResetLine() {
    return new FirmwareTarget(description, transport, ticker, Optional.empty(), options, () -> { });
  }

  @Override
  public void close() {
    try {
      transport.close();
      resources.close();
    } catch (Exception e) {
      // Closing must not hide the result of the run.
    }
  }
}
