package insitu.compiler.artifact;

import insitu.errors.BadInputException;
import insitu.io.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys for signing artifacts, using only the JDK. Files are PEM ("PRIVATE KEY" = PKCS#8,
 * "PUBLIC KEY" = X.509 SubjectPublicKeyInfo), the same encodings as {@code openssl genpkey
 * -algorithm ed25519}; raw DER is accepted too.
 */
public final class SigningKeys {
  /** An Ed25519 key is 32 bytes; its PEM file is under 200. Anything much larger is not a key. */
  private static final long MAX_KEY_FILE_BYTES = 64 * 1024;

  private SigningKeys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** Writes the pair as two PEM files; the private key file is readable by its owner only where the platform allows. */
  public static void write(KeyPair pair, Path privateKeyFile, Path publicKeyFile) {
    try {
      Files.writeString(privateKeyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      try {
        Files.setPosixFilePermissions(privateKeyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system.
      }
      Files.writeString(publicKeyFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (IOException e) {
      throw new BadInputException("cannot write key files: " + e.getMessage(), e);
    }
  }

  public static PrivateKey readPrivate(Path file) {
    return read(file, "PRIVATE KEY", "private key (PKCS#8 PEM or DER)", (f, der) -> f.generatePrivate(new PKCS8EncodedKeySpec(der)));
  }

  public static PublicKey readPublic(Path file) {
    return read(file, "PUBLIC KEY", "public key (X.509 PEM or DER)", (f, der) -> f.generatePublic(new X509EncodedKeySpec(der)));
  }

  /** How one kind of key is made from its DER bytes. */
  private interface KeyDecoder<K> {
    K decode(KeyFactory factory, byte[] der) throws GeneralSecurityException;
  }

  /** The key in {@code file} (PEM with this label, or DER); anything else is bad input naming {@code what} was expected. */
  private static <K> K read(Path file, String label, String what, KeyDecoder<K> decoder) {
    try {
      return decoder.decode(KeyFactory.getInstance("Ed25519"), der(file, label));
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof BadInputException b) throw b;
      throw new BadInputException(file + ": not an Ed25519 " + what + ": " + e.getMessage(), e);
    }
  }

  private static byte[] der(Path file, String label) {
    byte[] raw = InputFiles.readAll(file, "an Ed25519 key file (PEM or DER)", MAX_KEY_FILE_BYTES);
    String text = new String(raw, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
    int b = text.indexOf(begin);
    if (b < 0) return raw; // DER
    int e = text.indexOf(end, b);
    if (e < 0) throw new BadInputException(file + ": PEM block '" + label + "' has no END line");
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException x) {
      throw new BadInputException(file + ": PEM block '" + label + "' is not valid base64");
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
