package insitu.bench;

import static org.junit.jupiter.api.Assertions.*;

import insitu.testing.HangGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's side of the peer protocol ({@code pytorch_peer.py --serve}), against small shell
 * scripts that answer like the peer, fail, die or hang: a peer that misbehaves becomes
 * unavailable with a reason, never a bench failure or a hang.
 */
class PyTorchPeerTest {
  @TempDir Path dir;

  private PyTorchPeer peer(String script, long replySeconds) throws IOException {
    Path f = dir.resolve("peer.sh");
    Files.writeString(f, script);
    return PyTorchPeer.launch(List.of("/bin/sh", f.toString()), dir.resolve("peer.err"), replySeconds);
  }

  @Test
  void answersAreParsed() throws IOException {
    try (PyTorchPeer p = peer("""
        echo '{"torch_version": "9.9-fake", "threads": 2, "weights": 999854}'
        while read cmd a b; do
          case "$cmd" in
            train) echo '{"samples_per_second": [1500.5, 2500.25]}' ;;
            infer) echo '{"samples_per_second": [9000.5]}' ;;
            latency) echo '{"median_us": 87.5, "p99_us": 130.25}' ;;
            quit) exit 0 ;;
          esac
        done
        """, 10)) {
      assertTrue(p.available(), p.reason());
      assertEquals("9.9-fake", p.version());
      assertEquals(999_854, p.parameters());
      assertArrayEquals(new double[] {1500.5, 2500.25}, p.train(2), 0.0);
      assertArrayEquals(new double[] {9000.5}, p.infer(1), 0.0);
      assertEquals(new Latency(87.5, 130.25), p.latency(10, 2000));
      assertEquals(Latency.NONE, p.latency(100, 0), "a warm-up block has no statistics");
      assertTrue(p.available());
    }
  }

  /** A peer that answers every command with {@code reply}: the first question makes it unavailable. */
  private void assertUnavailableAfter(String reply, String reasonPart) throws IOException {
    try (PyTorchPeer p = peer("echo '{\"torch_version\": \"x\"}'\nwhile read cmd; do echo '" + reply + "'; done\n", 10)) {
      assertTrue(p.available());
      assertEquals(0, p.train(1).length);
      assertFalse(p.available());
      assertTrue(p.reason().contains(reasonPart), p.reason());
      assertEquals(Latency.NONE, p.latency(0, 10), "no further questions once unavailable");
    }
  }

  @Test
  void anErrorReplyMakesThePeerUnavailable() throws IOException {
    assertUnavailableAfter("{\"error\": \"unknown command train\"}", "unknown command train");
  }

  @Test
  void aMalformedReplyIsReported() throws IOException {
    assertUnavailableAfter("{\"samples\": 3}", "bad reply");
  }

  @Test
  void aPeerThatDiesGivesItsLastErrorLine() throws IOException {
    try (PyTorchPeer p = peer("""
        echo 'Traceback (most recent call last):' >&2
        echo "ModuleNotFoundError: No module named 'torch'" >&2
        exit 1
        """, 10)) {
      assertFalse(p.available());
      assertTrue(p.reason().contains("No module named 'torch'"), p.reason());
      assertEquals(0, p.train(1).length);
    }
  }

  /** Closing a hung peer must not hang: the test's own timeout is the check, not a clock. */
  @Test
  @HangGuard
  void aPeerThatHangsTimesOut() throws IOException {
    try (PyTorchPeer p = peer("""
        echo '{"torch_version": "x"}'
        while read cmd; do sleep 60; done
        """, 1)) {
      assertEquals(0, p.train(1).length);
      assertFalse(p.available());
      assertTrue(p.reason().contains("timed out"), p.reason());
    }
  }
}
