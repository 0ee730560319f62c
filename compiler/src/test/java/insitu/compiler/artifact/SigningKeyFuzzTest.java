package insitu.compiler.artifact;

import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.testing.ByteMutations;
import insitu.testing.Fuzz;
import insitu.testing.HangGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM key files damaged: bytes, base64, labels, the END line. A key that still loads signs and verifies. */
@HangGuard
class SigningKeyFuzzTest {
  private static final int CASES = 300;
  @TempDir Path dir;

  @Test
  void damagedKeyFilesLoadAsWorkingKeysOrAreRefusedInOneLine() throws Exception {
    KeyPair pair = SigningKeys.generate();
    Path priv = dir.resolve("key.pem"), pub = dir.resolve("key.pub.pem");
    SigningKeys.write(pair, priv, pub);
    byte[][] valid = {Files.readAllBytes(priv), Files.readAllBytes(pub)};
    Path f = dir.resolve("case.pem");
    int loaded = 0;
    for (int k = 0; k < CASES; k++) {
      SplittableRandom r = Fuzz.random(7, k);
      boolean isPrivate = r.nextBoolean();
      Files.write(f, mutate(valid[isPrivate ? 0 : 1], r));
      if (isPrivate) {
        var key = Fuzz.loadsOrRefuses("private case " + k, () -> SigningKeys.readPrivate(f));
        if (key.isPresent()) {
          loaded++;
          Signature s = Signature.getInstance("Ed25519");
          s.initSign(key.get());
          s.update(new byte[] {1, 2, 3});
          assertTrue(s.sign().length == 64, "case " + k);
        }
      } else if (Fuzz.loadsOrRefuses("public case " + k, () -> SigningKeys.readPublic(f)).isPresent()) {
        loaded++;
      }
    }
    assertTrue(loaded < CASES, "damage is found: " + loaded);
  }

  /** Bytes, or the PEM's text: labels swapped, base64 cut or padded, the END line gone. */
  private static byte[] mutate(byte[] pem, SplittableRandom r) throws IOException {
    String t = new String(pem, StandardCharsets.US_ASCII);
    return switch (r.nextInt(5)) {
      case 0 -> t.replace("PRIVATE", "PUBLIC").replaceFirst("PUBLIC KEY-----\n", "PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
      case 1 -> t.replaceAll("-----END [A-Z ]+-----\n?", "").getBytes(StandardCharsets.US_ASCII);
      case 2 -> {
        int at = t.indexOf('\n') + 1 + r.nextInt(20);
        yield (t.substring(0, at) + "=*!" + t.substring(at)).getBytes(StandardCharsets.US_ASCII);
      }
      case 3 -> java.util.Base64.getMimeDecoder().decode(t.replaceAll("-----[A-Z ]+-----", "")); // raw DER, maybe damaged next
      default -> ByteMutations.mutate(pem, r);
    };
  }
}
