package insitu.cli;

import insitu.fleet.BrokerAddress;
import insitu.fleet.BrokerLogin;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the fleet's broker is and how to log in: shared by every {@code insitu fleet} command. No secret on the command line. */
public class BrokerOptions {
  @Option(names = "--broker", required = true, paramLabel = "URL", description = "mqtt://HOST:PORT, or mqtts://HOST:PORT for TLS")
  String broker;

  @Option(names = "--group", required = true, paramLabel = "G", description = "the group of devices (one topic level: letters, digits, _ . -)")
  String group;

  @Mixin Login login;

  /** How to log in to the broker and trust it; shared with {@code insitu serve --fleet}. */
  public static class Login {
    @Option(names = "--username", paramLabel = "U", description = "broker user name")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file whose first line is the broker password")
    Path passwordFile;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "mqtts://: trust the broker certificate signed by this CA (default: the JVM's trust store)")
    Path caFile;

    BrokerLogin login() {
      return BrokerLogin.of(username, passwordFile);
    }

    /** Whether any of these options was given. */
    boolean given() {
      return username != null || passwordFile != null || caFile != null;
    }
  }

  BrokerAddress address() {
    return BrokerAddress.parse(broker);
  }

  BrokerLogin login() {
    return login.login();
  }

  Path caFile() {
    return login.caFile;
  }
}
