package insitu.cli;

import insitu.testing.Polling;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for the fleet tests, on a free port with a generated configuration:
 * passwords (hashed by mosquitto_passwd), the ACL of docs/examples/fleet (devices write only their
 * own topics and read only their group's deployments), no persistence (a restart forgets retained
 * messages and sessions: the hardest case for the protocol) and a small packet limit, so artifacts
 * travel in parts. Missing Mosquitto skips the test, or fails it when CI=true.
 */
final class MosquittoBroker implements AutoCloseable {
  /** Artifacts of the paper CNN are about 10 kB; 8 kB packets make them travel in parts. */
  static final int MAX_PACKET_BYTES = 8192;
  private final Path dir;
  private final int port;
  private Process process;

  private MosquittoBroker(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static String binary(String name) {
    for (String d : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/bin").split(File.pathSeparator))
      if (!d.isEmpty() && new File(d, name).canExecute()) return new File(d, name).getPath();
    if ("true".equals(System.getenv("CI"))) fail(name + " is not installed, and CI=true: .ci/run installs the mosquitto package");
    abort(name + " is not installed: broker tests skipped (apt-get install mosquitto)");
    return null;
  }

  /**
   * @param users user name to password
   * @param group devices of this group (every user but "controller") may read its deployments
   */
  static MosquittoBroker start(Map<String, String> users, String group) throws Exception {
    String mosquitto = binary("mosquitto"), passwd = binary("mosquitto_passwd");
    // Run as root, Mosquitto drops to the mosquitto user, which must still read its files: not in
    // a test's private temporary directory, in one of its own that others may enter.
    Path dir = Files.createTempDirectory("insitu-mosquitto-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    StringBuilder pw = new StringBuilder(), acl = new StringBuilder("user controller\ntopic readwrite insitu/#\n\n");
    acl.append("pattern write insitu/+/device/%u/#\n");
    for (var u : users.entrySet()) {
      pw.append(u.getKey()).append(':').append(u.getValue()).append('\n');
      if (!u.getKey().equals("controller"))
        acl.append("\nuser ").append(u.getKey()).append("\ntopic read insitu/").append(group).append("/deploy/#\ntopic read insitu/").append(group)
            .append("/round\n");
    }
    Path passwords = dir.resolve("passwd"), aclFile = dir.resolve("acl");
    Files.writeString(passwords, pw);
    Files.writeString(aclFile, acl);
    Process hash = new ProcessBuilder(passwd, "-U", passwords.toString()).redirectErrorStream(true).start();
    if (!hash.waitFor(30, TimeUnit.SECONDS) || hash.exitValue() != 0) fail("mosquitto_passwd -U failed: " + new String(hash.getInputStream().readAllBytes()));
    for (Path p : List.of(passwords, aclFile)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous false",
        "password_file " + passwords, "acl_file " + aclFile, "persistence false", "max_packet_size " + MAX_PACKET_BYTES,
        "log_dest stderr", "log_type error", "log_type warning", "") );
    MosquittoBroker b = new MosquittoBroker(dir, port);
    b.startProcess(mosquitto);
    return b;
  }

  private void startProcess(String mosquitto) throws Exception {
    process = new ProcessBuilder(mosquitto, "-c", dir.resolve("mosquitto.conf").toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
    boolean listening = Polling.until(() -> {
      if (!process.isAlive()) fail("mosquitto exited: " + Files.readString(dir.resolve("broker.log")));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      }
    }, 400, 50);
    if (!listening) fail("mosquitto did not listen on port " + port);
  }

  String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  /** Stops the broker (SIGTERM) and starts it again on the same port; retained messages and sessions are gone. */
  void restart() throws Exception {
    stop();
    startProcess(binary("mosquitto"));
  }

  void stop() throws InterruptedException {
    if (process == null) return;
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    process = null;
  }

  @Override public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
