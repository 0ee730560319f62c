package insitu.fleet.agent;

import insitu.fleet.link.MemoryBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Protocol tests share the artifacts of one {@link Fixture} per class and get a fresh in-memory broker per test. */
public abstract class ProtocolTest {
  @TempDir static Path shared;
  protected static Fixture fx;
  protected MemoryBroker broker;

  @BeforeAll static void artifacts() throws Exception {
    fx = new Fixture(shared);
  }

  @AfterAll static void done() {
    fx.close();
  }

  /** Bodies larger than this travel in parts. */
  protected abstract int partBytes();

  @BeforeEach void freshBroker() {
    broker = new MemoryBroker(partBytes());
  }
}
