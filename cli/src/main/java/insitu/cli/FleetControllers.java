package insitu.cli;

import insitu.fleet.control.FleetClock;
import insitu.fleet.control.FleetController;
import insitu.fleet.link.ClientThreads;
import insitu.fleet.link.LinkSettings;
import insitu.fleet.link.PahoLink;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Opens a controller on the broker for one command and closes it with its client threads. */
final class FleetControllers implements AutoCloseable {
  private final ClientThreads threads = new ClientThreads("insitu-control");
  final FleetController controller;

  FleetControllers(BrokerOptions broker, boolean results) {
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    String clientId = "insitu-control-" + HexFormat.of().formatHex(id);
    PahoLink link = new PahoLink(broker.address(), broker.login(), LinkSettings.controller(clientId).withCaFile(broker.caFile()), threads);
    controller = new FleetController(link, broker.group, clientId, FleetClock.system());
    try {
      controller.open(results);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override public void close() {
    controller.close();
    threads.close();
  }
}
