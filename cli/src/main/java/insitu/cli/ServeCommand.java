package insitu.cli;

import insitu.boards.Board;
import insitu.errors.UsageException;
import insitu.fleet.serve.ServedDevice;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.service.EventLog;
import insitu.service.InferenceServer;
import insitu.service.ModelLoader;
import insitu.service.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code insitu serve}: the edge service, and with {@code --fleet} a device of a fleet. Runs
 * until SIGTERM or SIGINT, then answers what is queued, saves the state and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve a model on a board over the Open Inference Protocol v2 (REST, as KServe, Triton and OpenVINO do),",
        "with in situ learning (POST /v2/models/NAME/learn) and Prometheus metrics (GET /metrics).",
        "With --fleet the device follows its group's rollouts and rounds through an MQTT broker (docs/fleet.md).",
        "SIGTERM answers the queued requests, saves the state (with --state) and exits 0."})
public class ServeCommand implements Callable<Integer> {
  @Option(names = "--model",
      description = "FILE.xbar, FILE.onnx or " + ModelNames.HELP + "; with --fleet optional: a FILE.xbar to run until the"
          + " group deploys one (without it the device waits, not ready, for its first deployment)")
  String model;
  @Option(names = "--board", defaultValue = "sim", description = "board spec, e.g. sim, sim:realistic, serial:/dev/ttyAMA0 (default: ${DEFAULT-VALUE})")
  String board;
  @Option(names = "--port", required = true, description = "TCP port (0: any free port, printed at start)") int port;
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
  String host;
  @Option(names = "--state", paramLabel = "DIR",
      description = "keep the model's state here (board conductances, trainer, what it learned): resumed at start, saved at the interval and at shutdown")
  Path state;
  @Option(names = "--name", description = "the model's name in the URLs (default: the model file's name without extension; with --fleet: the group)")
  String name;
  @Mixin CalibrationOption calibration;
  @Option(names = "--checkpoint-every", paramLabel = "SECONDS", defaultValue = "60",
      description = "with --state: save the state this often when it changed; 0: only at shutdown (default: ${DEFAULT-VALUE})")
  double checkpointEvery;
  @Option(names = "--recalibrate-every", paramLabel = "SECONDS", defaultValue = "0",
      description = "compensate conductance drift this often (reads, no pulses); 0: never (default: ${DEFAULT-VALUE})")
  double recalibrateEvery;
  @Option(names = "--max-batch", defaultValue = "64", description = "most samples per pass on the board; requests waiting together are merged up to it (default: ${DEFAULT-VALUE})")
  int maxBatch;
  @Option(names = "--max-queue", defaultValue = "16", description = "most requests waiting for the board; more get 503 (default: ${DEFAULT-VALUE})")
  int maxQueue;
  @Option(names = "--max-body-bytes", defaultValue = "8388608", description = "longest request body; longer gets 413 (default: ${DEFAULT-VALUE})")
  long maxBodyBytes;
  @Option(names = "--max-values", defaultValue = "262144", description = "most values in one tensor; more gets 413 (default: ${DEFAULT-VALUE})")
  int maxValues;
  @Option(names = "--json-log", description = "log one JSON object per line (requests and events) on stderr") boolean jsonLog;
  @Mixin FleetDeviceOptions fleet;
  @Option(names = "--debug", description = "print stack traces of errors") boolean debug;

  /** Whether this command is only the fleet device ({@code insitu fleet agent}). */
  boolean fleetRequired() {
    return false;
  }

  @Override public Integer call() throws InterruptedException {
    // systemd passes an empty INSITU_MODEL as an empty argument: a fleet device that waits for its first deployment.
    if (model != null && model.isBlank()) model = null;
    fleet.check(fleetRequired());
    if (!fleet.enabled() && model == null) throw new UsageException("--model is required (without --fleet)");
    if (fleet.enabled() && model != null && !model.endsWith(".xbar"))
      throw new UsageException("with --fleet, --model must be a compiled artifact (.xbar; insitu compile makes one), not " + model);
    ServiceConfig config = config();
    InstantSource clock = InstantSource.system();
    EventLog log = jsonLog ? EventLog.json(System.err, clock) : EventLog.text(System.err);
    return fleet.enabled() ? serveFleet(config, clock, log) : serve(config, clock, log);
  }

  private int serve(ServiceConfig config, InstantSource clock, EventLog log) throws InterruptedException {
    DeployedModel m = ModelLoader.load(new ModelLoader.Source(model, board, calibration.file, state), log).model();
    InferenceServer server;
    try {
      server = InferenceServer.start(m, config, clock, log);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return runUntilStopped(() -> {
      server.close();
      m.close();
    }, server);
  }

  /**
   * A device of a fleet: one board shared by the service and the agent. The saved state wins over
   * {@code --model} (after a rollout it holds another model, with what it learned); without one
   * the agent restores or deploys the first model, or the device waits for its first deployment.
   */
  private int serveFleet(ServiceConfig config, InstantSource clock, EventLog log) throws InterruptedException {
    Board b = Insitu.board(board, fleet.seed());
    DeployedModel resumed = null;
    InferenceServer server = null;
    ServedDevice device = null;
    try {
      resumed = ModelLoader.resume(state, b, log);
      if (resumed != null && model != null) log.info("--model " + model + " is not used: the saved state in " + state + " is what the device ran");
      server = InferenceServer.start(resumed, config, clock, log);
      device = ServedDevice.over(fleet.broker(), server, resumed, b, fleet.agent(model == null ? null : Path.of(model), state, calibration.file),
          fleet.data());
      device.start();
    } catch (RuntimeException e) {
      stopFleet(device, server, resumed, b);
      throw e;
    }
    log.event(EventLog.Level.INFO, "device " + fleet.device + " of group " + fleet.group + " follows " + fleet.broker().address(), java.util.Map.of());
    ServedDevice d = device;
    InferenceServer s = server;
    DeployedModel r = resumed;
    return runUntilStopped(() -> stopFleet(d, s, r, b), server);
  }

  /** Goodbye to the broker first, then the service's last requests and save, then the models and the board. */
  private static void stopFleet(ServedDevice device, InferenceServer server, DeployedModel resumed, Board b) {
    try {
      if (device != null) device.close();
      if (server != null) {
        server.close();
        if (server.model() != null) server.model().close();
      }
      if (resumed != null) resumed.close();
    } finally {
      b.close();
    }
  }

  /** Serves until SIGTERM or SIGINT, whose hook stops cleanly and exits 0 (the JVM's own status would be 143). */
  private static int runUntilStopped(Runnable stop, InferenceServer server) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }, "insitu-shutdown"));
    server.awaitTermination();
    return 0;
  }

  private ServiceConfig config() {
    String modelName = name != null ? name : fleet.enabled() ? fleet.group : defaultName(model);
    try {
      return new ServiceConfig(host, port, modelName, new ServiceConfig.Limits(maxBatch, maxQueue, maxBodyBytes, maxValues), state,
          seconds("--checkpoint-every", checkpointEvery), seconds("--recalibrate-every", recalibrateEvery));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The model file's name without its extension, or the built-in name; characters a URL path would need escaped become '_'. */
  static String defaultName(String model) {
    String base = Path.of(model).getFileName().toString().replaceFirst("\\.(xbar|onnx)$", "");
    String clean = base.replaceAll("[^A-Za-z0-9_.-]", "_");
    return clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0)) ? "m" + clean : clean;
  }

  private static Duration seconds(String option, double s) {
    if (!(s >= 0) || s > 1e9) throw new UsageException(option + " must be a number of seconds, 0 to 1e9, was " + s);
    return s == 0 ? null : Duration.ofNanos(Math.round(s * 1e9));
  }
}
