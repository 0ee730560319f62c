package insitu.cli;

import insitu.errors.UsageException;
import insitu.sdk.DeployedModel;
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
 * {@code insitu serve}: the edge service. Runs until SIGTERM or SIGINT, then answers what is
 * queued, saves the state and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve a model on a board over the Open Inference Protocol v2 (REST, as KServe, Triton and OpenVINO do),",
        "with in situ learning (POST /v2/models/NAME/learn) and Prometheus metrics (GET /metrics).",
        "SIGTERM answers the queued requests, saves the state (with --state) and exits 0."})
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "FILE.xbar, FILE.onnx or " + ModelNames.HELP) String model;
  @Option(names = "--board", defaultValue = "sim", description = "board spec, e.g. sim, sim:realistic, serial:/dev/ttyAMA0 (default: ${DEFAULT-VALUE})")
  String board;
  @Option(names = "--port", required = true, description = "TCP port (0: any free port, printed at start)") int port;
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
  String host;
  @Option(names = "--state", paramLabel = "DIR",
      description = "keep the model's state here (board conductances, trainer, what it learned): resumed at start, saved at the interval and at shutdown")
  Path state;
  @Option(names = "--name", description = "the model's name in the URLs (default: the model file's name without extension)") String name;
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
  @Option(names = "--debug", description = "print stack traces of errors") boolean debug;

  @Override public Integer call() throws InterruptedException {
    ServiceConfig config = config();
    InstantSource clock = InstantSource.system();
    EventLog log = jsonLog ? EventLog.json(System.err, clock) : EventLog.text(System.err);
    DeployedModel m = ModelLoader.load(new ModelLoader.Source(model, board, calibration.file, state), log).model();
    InferenceServer server;
    try {
      server = InferenceServer.start(m, config, clock, log);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    // SIGTERM and SIGINT run this hook: a clean stop, then exit status 0 (the JVM's own would be 143).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      m.close();
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }, "insitu-shutdown"));
    server.awaitTermination();
    return 0;
  }

  private ServiceConfig config() {
    String modelName = name != null ? name : defaultName(model);
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
