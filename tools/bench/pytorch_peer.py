#!/usr/bin/python3
"""PyTorch peer of `insitu bench`: trains a CNN (the paper's by default) in software on the same
data and measures batch-1 inference latency, with the same thread count. Prints one JSON object.

Usage: /usr/bin/python3 pytorch_peer.py X.npy Y.npy --threads 2 [--warmup-epochs 3] --epochs 1 --batch 100 [--latency-runs 2000] [--latency-warmup 100]
       /usr/bin/python3 pytorch_peer.py --bundled --threads 1 --warmup-epochs 20 --epochs 5   (the 8,000 bundled training digits)
       /usr/bin/python3 pytorch_peer.py X.npy Y.npy --threads 2 --serve
       /usr/bin/python3 pytorch_peer.py --model edge-1m --export-initial M.onnx   (the model as initialized, then exit)
(Debian's python3-torch; the pyenv python3 on PATH cannot see it.)

--model picks the network (MODELS below): the bench's scale part runs the 28x28 ones, trained
here first for --pretrain-epochs (at the model's own rate: a deeper net learns nothing at the
paper's 0.01) and exported from here at bench time, so both sides train on the same architecture
from the same weights, at --lr, as a device fine-tunes a trained model.

--serve answers commands on stdin, one JSON line each, so the bench can alternate this peer's
measurements with its own in short slots (the shared machine changes speed within seconds):
  train K          K training epochs -> {"samples_per_second": [per epoch]}
  latency W R      W untimed, then R timed batch-1 calls -> {"median_us": m, "p99_us": p}
  threads N        N intra-op threads from now on -> {"threads": N}
  infer K          K passes of batched inference (--batch) over the data -> {"samples_per_second": [per pass]}
  accuracy         the fraction of the data the model now classifies right -> {"accuracy": a}
  export PATH      the model as ONNX -> {"onnx": PATH}
  quit
"""
import argparse, json, os, statistics, sys, time
import numpy as np
import torch
import torch.nn.functional as F
from pathlib import Path

# The paper CNN and the 96,786-weight 28x28 CNN exactly as the committed ONNX fixtures define them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "onnx"))
from export_fixtures import Mnist28Cnn, PaperCnn  # noqa: E402


class Edge1mCnn(torch.nn.Module):
    """A plausible edge CNN ten times the 28x28 fixture: its layout with wider convolutions
    (32, 64, 64) and a 300-wide hidden layer; 999,854 weights, most of them in fc1."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 32, 3, stride=2, padding=1)
        self.conv2 = torch.nn.Conv2d(32, 64, 3, stride=1, padding=1)
        self.conv3 = torch.nn.Conv2d(64, 64, 3, stride=2, padding=1)
        self.fc1 = torch.nn.Linear(64 * 7 * 7, 300)
        self.fc2 = torch.nn.Linear(300, 10)

    def forward(self, x):
        x = torch.tanh(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.conv3(x))
        x = torch.tanh(self.fc1(torch.flatten(x, 1)))
        return self.fc2(x)


# The networks by --model name: input shape (one sample) and the learning rate they are
# pre-trained at (RMSprop, batch 100, summed loss).
MODELS = {"paper-cnn": (PaperCnn, (1, 8, 8), 0.01), "mnist28-cnn": (Mnist28Cnn, (1, 28, 28), 0.004),
          "edge-1m": (Edge1mCnn, (1, 28, 28), 0.001)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("x", nargs="?"); p.add_argument("y", nargs="?")
    p.add_argument("--bundled", action="store_true", help="train on the bundled 8x8 digits instead of X.npy Y.npy")
    p.add_argument("--model", choices=sorted(MODELS), default="paper-cnn")
    p.add_argument("--lr", type=float, default=0.01, help="RMSprop's learning rate of the measured epochs")
    p.add_argument("--pretrain-epochs", type=int, default=0, help="epochs trained at the model's own rate first (not measured)")
    p.add_argument("--export-initial", default=None, metavar="PATH", help="write the model as initialized (seed 0) as ONNX and exit")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--warmup-epochs", type=int, default=0, help="untimed epochs before the timed ones")
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--latency-runs", type=int, default=2000)
    p.add_argument("--latency-warmup", type=int, default=100)
    p.add_argument("--onnx-out", default=None, help="also export the model here (for ONNX Runtime)")
    p.add_argument("--serve", action="store_true", help="answer commands on stdin (see above)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net, shape, pretrain_lr = MODELS[a.model]
    if a.export_initial:
        model = net()
        export(model, torch.zeros((1,) + shape), a.export_initial)
        print(json.dumps({"model": a.model, "weights": sum(t.numel() for t in model.parameters()), "onnx": a.export_initial}))
        return
    if a.bundled:
        x, y = bundled_train()
    elif a.x and a.y:
        x = torch.from_numpy(np.load(a.x).astype(np.float32))
        y = torch.from_numpy(np.load(a.y).astype(np.int64))
    else:
        p.error("give X.npy Y.npy or --bundled")
    model = net()
    opt = torch.optim.RMSprop(model.parameters(), lr=pretrain_lr, alpha=0.9, eps=1e-8)
    train(model, opt, x, y, a.batch, a.pretrain_epochs)
    for group in opt.param_groups:
        group["lr"] = a.lr
    # Warm-up batch so one-time allocation does not count.
    loss = F.cross_entropy(model(x[:a.batch]), y[:a.batch], reduction="sum"); loss.backward(); opt.zero_grad()
    if a.serve:
        serve(model, opt, x, y, a.batch, a.threads, accuracy(model, x, y, a.batch))
        return
    train(model, opt, x, y, a.batch, a.warmup_epochs)
    rates = train(model, opt, x, y, a.batch, a.epochs)
    median, p99 = latency(model, x, a.latency_warmup, a.latency_runs)
    if a.onnx_out:
        export(model, x, a.onnx_out)
    print(json.dumps({
        "torch_version": torch.__version__, "threads": a.threads,
        "train_samples_per_second": a.epochs / sum(1 / r for r in rates) if rates else float("nan"),
        "train_samples_per_second_median": statistics.median(rates) if rates else float("nan"),
        "train_samples_per_second_per_epoch": rates,
        "infer_batch1_median_us": median,
        "infer_batch1_p99_us": p99,
        "cpu_seconds": time.process_time(),
    }))


def bundled_train():
    """The 8,000 training digits of the bundled set, 8x8, as the SDK's mnist8 computes them."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
    from bundled_mnist import bundled_mnist, mnist8, TRAIN_SIZE
    images, labels = bundled_mnist()
    x = mnist8(images[:TRAIN_SIZE]).reshape(TRAIN_SIZE, 1, 8, 8)
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(labels[:TRAIN_SIZE])


def train(model, opt, x, y, batch, epochs):
    """Trains `epochs` epochs in shuffled batches; returns samples/s of each."""
    model.train()
    n, rates = x.shape[0], []
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx], reduction="sum")
            loss.backward()
            opt.step()
        rates.append(n / (time.perf_counter() - t0))
    return rates


def latency(model, x, warmup, runs):
    """Median and p99 (µs) of `runs` batch-1 forward passes after `warmup` untimed ones."""
    model.eval()
    n, lat = x.shape[0], []
    with torch.no_grad():
        for i in range(warmup + runs):
            xi = x[i % n:i % n + 1]
            t = time.perf_counter_ns()
            model(xi)
            if i >= warmup:
                lat.append((time.perf_counter_ns() - t) / 1e3)
    lat.sort()
    return (lat[len(lat) // 2], lat[int(len(lat) * 0.99)]) if lat else (float("nan"), float("nan"))


def infer(model, x, batch, passes):
    """`passes` passes of batched inference over x; samples/s of each."""
    model.eval()
    n, rates = x.shape[0], []
    with torch.no_grad():
        for _ in range(passes):
            t0 = time.perf_counter()
            for i in range(0, n, batch):
                model(x[i:i + batch])
            rates.append(n / (time.perf_counter() - t0))
    return rates


def export(model, x, path):
    model.eval()
    torch.onnx.export(model, x[:1], path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)


def accuracy(model, x, y, batch):
    """The fraction of x the model classifies as y (in eval mode)."""
    model.eval()
    with torch.no_grad():
        right = sum((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item() for i in range(0, x.shape[0], batch))
    return right / x.shape[0]


def serve(model, opt, x, y, batch, threads, start_accuracy):
    print(json.dumps({"torch_version": torch.__version__, "threads": threads,
                      "weights": sum(t.numel() for t in model.parameters()), "accuracy": start_accuracy}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "quit":
            break
        if cmd[0] == "train":
            reply = {"samples_per_second": train(model, opt, x, y, batch, int(cmd[1]))}
        elif cmd[0] == "infer":
            reply = {"samples_per_second": infer(model, x, batch, int(cmd[1]))}
        elif cmd[0] == "accuracy":
            reply = {"accuracy": accuracy(model, x, y, batch)}
        elif cmd[0] == "latency":
            median, p99 = latency(model, x, int(cmd[1]), int(cmd[2]))
            reply = {"median_us": median, "p99_us": p99}
        elif cmd[0] == "threads":
            torch.set_num_threads(int(cmd[1]))
            reply = {"threads": torch.get_num_threads()}
        elif cmd[0] == "export":
            export(model, x, cmd[1])
            reply = {"onnx": cmd[1]}
        else:
            reply = {"error": "unknown command " + cmd[0]}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
