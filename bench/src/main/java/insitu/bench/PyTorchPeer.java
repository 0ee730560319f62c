package insitu.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.NpyWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch peer: tools/bench/pytorch_peer.py in a child process ({@code --serve}) on the same
 * digits, same batch and thread count, kept alive so its measurements can alternate with ours in
 * short slots. Missing Python or torch, or a child that fails, makes the peer unavailable (with a
 * reason), never a bench failure.
 */
final class PyTorchPeer extends Peer {
  static final String PYTHON = "/usr/bin/python3";
  /** How long a reply may take (a training epoch on a slow machine is seconds; this is a hang). */
  private static final long REPLY_SECONDS = 300;

  private final Process process;
  private final Writer commands;
  private final BufferedReader replies;
  private final ExecutorService reader;
  private final Path stderr;
  private final long replySeconds;
  private String version;
  private long parameters = -1;
  private double startAccuracy = Double.NaN;

  private PyTorchPeer(Process process, Path stderr, String reason, long replySeconds) {
    super(reason);
    this.process = process;
    this.stderr = stderr;
    this.replySeconds = replySeconds;
    commands = process == null ? null : new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    replies = process == null ? null : new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    reader = process == null ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "pytorch-peer-reader");
      t.setDaemon(true);
      return t;
    });
  }

  static PyTorchPeer unavailable(String reason) {
    return new PyTorchPeer(null, null, reason, 0);
  }

  /**
   * Starts the child on the training digits (written as .npy files into workDir); {@code modelArgs}
   * choose its network and training (--model, --lr, --pretrain-epochs; none: the paper CNN's).
   */
  static PyTorchPeer start(Path root, Dataset train, Path workDir, List<String> modelArgs) {
    if (root == null) return unavailable("project root not found (set -Dinsitu.root)");
    if (!Files.isExecutable(Path.of(PYTHON))) return unavailable(PYTHON + " not found");
    try {
      Path x = workDir.resolve("x.npy"), y = workDir.resolve("y.npy"), err = workDir.resolve("pytorch.err");
      int[] shape = new int[train.sampleShape().length + 1];
      shape[0] = train.size();
      System.arraycopy(train.sampleShape(), 0, shape, 1, train.sampleShape().length);
      NpyWriter.writeFloat32(x, shape, train.x());
      double[] labels = new double[train.size()];
      for (int i = 0; i < labels.length; i++) labels[i] = train.y()[i];
      NpyWriter.writeFloat32(y, new int[] {train.size()}, labels);
      List<String> command = new java.util.ArrayList<>(List.of(PYTHON, root.resolve(ProjectRoot.PEER_SCRIPT).toString(), x.toString(),
          y.toString(), "--threads", "2", "--batch", "100", "--serve"));
      command.addAll(modelArgs);
      return launch(command, err, REPLY_SECONDS);
    } catch (RuntimeException e) { // writing the digits failed
      return unavailable(e.toString());
    }
  }

  /**
   * Starts a peer speaking the {@code --serve} protocol: a first line with its version, then one
   * JSON line per command. Its stderr goes to {@code stderr} (the reason shown if it dies).
   */
  static PyTorchPeer launch(List<String> command, Path stderr, long replySeconds) {
    try {
      Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      PyTorchPeer peer = new PyTorchPeer(p, stderr, null, replySeconds);
      JsonObject hello = peer.reply();
      if (hello != null) {
        peer.version = hello.has("torch_version") ? hello.get("torch_version").getAsString() : "unknown";
        peer.parameters = hello.has("weights") ? hello.get("weights").getAsLong() : -1;
        peer.startAccuracy = hello.has("accuracy") ? hello.get("accuracy").getAsDouble() : Double.NaN;
      }
      return peer;
    } catch (IOException e) {
      return unavailable(e.toString());
    }
  }

  String version() {
    return version;
  }

  /** The fraction of its data the model classified right when it started serving (after any pre-training); NaN when it did not say. */
  double startAccuracy() {
    return startAccuracy;
  }

  /** The fraction of its data the model classifies right now; NaN when unavailable. */
  double accuracy() {
    JsonObject o = ask("accuracy");
    try {
      return o == null ? Double.NaN : o.get("accuracy").getAsDouble();
    } catch (RuntimeException e) {
      fail("bad reply from peer to 'accuracy': " + o);
      return Double.NaN;
    }
  }

  /** The peer model's parameter count (weights and biases) as it said on start; -1 when it did not. */
  long parameters() {
    return parameters;
  }

  /** Samples/s of each of {@code epochs} training epochs; empty when unavailable. */
  double[] train(int epochs) {
    return rates("train", epochs);
  }

  /** Samples/s of each of {@code passes} passes of batched inference over the data; empty when unavailable. */
  double[] infer(int passes) {
    return rates("infer", passes);
  }

  /** The reply's samples/s (one per epoch or pass) to {@code command k}. */
  private double[] rates(String command, int k) {
    JsonObject o = ask(command + " " + k);
    try {
      if (o == null) return new double[0];
      JsonArray a = o.getAsJsonArray("samples_per_second");
      double[] r = new double[a.size()];
      for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsDouble();
      return r;
    } catch (RuntimeException e) {
      fail("bad reply from peer to '" + command + "': " + o);
      return new double[0];
    }
  }

  /** Sets the peer's intra-op thread count for what follows; false when the peer is unavailable. */
  boolean threads(int n) {
    return ask("threads " + n) != null;
  }

  /** The peer's process (the other side of every slot's CPU time), or null when none runs. */
  ProcessHandle handle() {
    return process == null ? null : process.toHandle();
  }

  /** {@code warmup} untimed batch-1 calls, then statistics of {@code runs} timed ones. */
  Latency latency(int warmup, int runs) {
    JsonObject o = ask("latency " + warmup + " " + runs);
    try {
      if (o == null || runs == 0) return Latency.NONE;
      return new Latency(o.get("median_us").getAsDouble(), o.get("p99_us").getAsDouble());
    } catch (RuntimeException e) {
      fail("bad reply from peer to 'latency': " + o);
      return Latency.NONE;
    }
  }

  /** The model as trained so far, exported to ONNX at {@code path}; null when unavailable. */
  Path exportOnnx(Path path) {
    return ask("export " + path) != null && Files.isRegularFile(path) ? path : null;
  }

  private JsonObject ask(String command) {
    if (!available()) return null;
    try {
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      fail("peer exited: " + lastLine(stderr));
      return null;
    }
    return reply();
  }

  /** The next JSON line from the child, or null (and the peer becomes unavailable). */
  private JsonObject reply() {
    try {
      Future<String> line = reader.submit(replies::readLine);
      String s = line.get(replySeconds, TimeUnit.SECONDS);
      if (s == null) {
        fail("peer exited: " + lastLine(stderr));
        return null;
      }
      JsonObject o = JsonParser.parseString(s).getAsJsonObject();
      if (o.has("error")) {
        fail(o.get("error").getAsString());
        return null;
      }
      return o;
    } catch (java.util.concurrent.TimeoutException e) {
      fail("peer timed out after " + replySeconds + " s");
      process.destroyForcibly();
    } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
      fail("bad reply from peer: " + e.getMessage());
    } catch (InterruptedException e) {
      fail("interrupted");
      Thread.currentThread().interrupt();
    }
    return null;
  }

  @Override public void close() {
    if (process == null) return;
    try {
      if (process.isAlive()) {
        commands.write("quit\n");
        commands.flush();
      }
    } catch (IOException e) {
      // the child is gone already: nothing to tell it
    }
    try {
      commands.close(); // end of input: a child that ignored quit stops reading
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      reader.shutdownNow();
    }
  }

  private static String lastLine(Path f) {
    try {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).trim();
    } catch (IOException e) {
      return e.toString();
    }
    return "(no output)";
  }
}
