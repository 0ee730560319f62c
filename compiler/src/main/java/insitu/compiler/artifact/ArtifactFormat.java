package insitu.compiler.artifact;

/** Names and versions of the {@code .xbar} format (see docs/ARTIFACT.md). */
public final class ArtifactFormat {
  /** The value of the manifest's "format" field. */
  public static final String FORMAT = "insitu-xbar";
  /** Bumped on any change a reader of the previous version could misread. */
  public static final int VERSION = 1;
  /** Written into every manifest so an artifact can be traced to the compiler that made it. */
  public static final String COMPILER_VERSION = "insitu-compiler 0.1.0";

  public static final String MANIFEST = "manifest.json";
  /** Hex SHA-256 of manifest.json: detects damage to the manifest itself. */
  public static final String MANIFEST_DIGEST = "manifest.sha256";
  /** Optional Ed25519 signature over {@link #signedMessage}. */
  public static final String SIGNATURE = "signature.bin";

  /** Upper bound on any entry we inflate, so a hostile zip cannot exhaust memory. */
  static final long MAX_ENTRY_BYTES = 1L << 30;

  private ArtifactFormat() {}

  /**
   * What the signature signs: a domain prefix plus the manifest digest. The manifest lists the
   * digest of every other entry, so this one signature covers the whole artifact.
   */
  public static byte[] signedMessage(String manifestSha256Hex) {
    return ("insitu.xbar.v" + VERSION + ":" + manifestSha256Hex).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
