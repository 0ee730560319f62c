#!/usr/bin/python3
"""PyTorch peer of `insitu bench`: trains the paper's CNN in software on the same data and
measures batch-1 inference latency, with the same thread count. Prints one JSON object.

Usage: /usr/bin/python3 pytorch_peer.py X.npy Y.npy --threads 2 [--warmup-epochs 3] --epochs 1 --batch 100 [--latency-runs 2000] [--latency-warmup 100]
(Debian's python3-torch; the pyenv python3 on PATH cannot see it.)
"""
import argparse, json, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class PaperCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 15, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(15, 4, 2, bias=False)
        self.fc = nn.Linear(64, 10, bias=False)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = self.conv2(F.pad(x, (0, 1, 0, 1)))
        x = F.max_pool2d(x, 2)
        return self.fc(torch.flatten(x, 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("x"); p.add_argument("y")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--warmup-epochs", type=int, default=0, help="untimed epochs before the timed ones")
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--latency-runs", type=int, default=2000)
    p.add_argument("--latency-warmup", type=int, default=100)
    p.add_argument("--onnx-out", default=None, help="also export the model here (for ONNX Runtime)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.from_numpy(np.load(a.x).astype(np.float32))
    y = torch.from_numpy(np.load(a.y).astype(np.int64))
    model = PaperCnn()
    opt = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, eps=1e-8)
    n = x.shape[0]
    # Warm-up batch so one-time allocation does not count, then the untimed epochs.
    loss = F.cross_entropy(model(x[:a.batch]), y[:a.batch], reduction="sum"); loss.backward(); opt.zero_grad()
    for epoch in range(a.warmup_epochs + a.epochs):
        if epoch == a.warmup_epochs:
            t0 = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx], reduction="sum")
            loss.backward()
            opt.step()
    train_s = time.perf_counter() - t0
    model.eval()
    lat = []
    with torch.no_grad():
        for i in range(a.latency_runs + a.latency_warmup):
            xi = x[i % n:i % n + 1]
            t = time.perf_counter_ns()
            model(xi)
            if i >= a.latency_warmup:
                lat.append((time.perf_counter_ns() - t) / 1e3)
    lat.sort()
    if a.onnx_out:
        torch.onnx.export(model, x[:1], a.onnx_out, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)
    print(json.dumps({
        "torch_version": torch.__version__, "threads": a.threads,
        "train_samples_per_second": a.epochs * n / train_s,
        "infer_batch1_median_us": lat[len(lat) // 2],
        "infer_batch1_p99_us": lat[int(len(lat) * 0.99)],
    }))


if __name__ == "__main__":
    main()
