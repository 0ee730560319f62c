package insitu.fleet;

import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A broker user name and password. The password comes from a file (its first line), never from the
 * command line, where other users of the machine could read it. {@code toString} hides it.
 */
public record BrokerLogin(String username, byte[] password) {
  /** In a simulated fleet, each device logs in as itself: {@code --username '{id}'}. */
  public static final String DEVICE_ID = "{id}";

  public BrokerLogin {
    if (username == null || username.isEmpty()) throw new UsageException("empty broker user name");
    password = password == null ? null : password.clone();
  }

  /** Reads the password file; null username and file mean anonymous (null). */
  public static BrokerLogin of(String username, Path passwordFile) {
    if (username == null && passwordFile == null) return null;
    if (username == null) throw new UsageException("--password-file needs --username");
    if (passwordFile == null) return new BrokerLogin(username, null);
    byte[] raw;
    try {
      if (Files.size(passwordFile) > 4096) throw new BadInputException(passwordFile + ": not a password file (over 4 KB)");
      raw = Files.readAllBytes(passwordFile);
    } catch (IOException e) {
      throw new BadInputException(passwordFile + ": cannot read the password file: " + e.getMessage(), e);
    }
    String text = new String(raw, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String first = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
    if (first.isEmpty()) throw new BadInputException(passwordFile + ": the first line (the password) is empty");
    return new BrokerLogin(username, first.getBytes(StandardCharsets.UTF_8));
  }

  /** This login for one simulated device: {@value #DEVICE_ID} in the user name becomes its id. */
  public BrokerLogin forDevice(String device) {
    return new BrokerLogin(username.replace(DEVICE_ID, device), password);
  }

  @Override public byte[] password() {
    return password == null ? null : password.clone();
  }

  @Override public String toString() {
    return "BrokerLogin[" + username + ", password " + (password == null ? "none" : "hidden") + "]";
  }

  @Override public boolean equals(Object o) {
    return o instanceof BrokerLogin b && b.username.equals(username) && Arrays.equals(b.password, password);
  }

  @Override public int hashCode() {
    return username.hashCode();
  }
}
