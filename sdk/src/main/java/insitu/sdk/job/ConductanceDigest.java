package insitu.sdk.job;

import insitu.boards.Region;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Tile;
import insitu.runtime.Deployment;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of every device conductance a deployment uses, read from the board in placement order:
 * two runs with the same digest ended with bit-identical conductances (e.g. in process and over a
 * serial link).
 */
public final class ConductanceDigest {
  private ConductanceDigest() {}

  public static String of(Deployment d) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (BlockPlacement b : d.placement().blocks())
        for (Tile t : b.tiles()) {
          double[] g = new double[t.devices()];
          d.board().read(new Region(t.array(), t.rows(), t.cols()), g);
          ByteBuffer buf = ByteBuffer.allocate(8 * g.length);
          for (double v : g) buf.putDouble(v);
          md.update(buf.array());
        }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
