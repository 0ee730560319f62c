#!/usr/bin/python3
"""The job of `./insitu demo` done in PyTorch, for comparing wall times including start-up: the
paper CNN trained in software on the bundled 8x8 digits (first 8,000 train, last 2,000 test),
15 epochs of batch 100, RMSprop lr 0.01 decaying x0.85 per epoch, the test set evaluated and a
checkpoint written after every epoch, the trained model saved, one JSON line printed.

Usage: /usr/bin/python3 tools/bench/pytorch_demo.py [--threads N] [--epochs 15] [--out DIR]
(Debian's python3-torch; time the whole command, interpreter start and imports included.)
"""
import argparse, json, os, sys, tempfile, time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "data"))
sys.path.insert(0, HERE)
from bundled_mnist import bundled_mnist, mnist8, TRAIN_SIZE  # noqa: E402
from pytorch_peer import PaperCnn  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's default)")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", default=None, help="run directory (default: a temporary one, removed)")
    a = p.parse_args()
    t0 = time.perf_counter()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    images, labels = bundled_mnist()
    x = torch.from_numpy(mnist8(images).reshape(len(images), 1, 8, 8).astype(np.float32))
    y = torch.from_numpy(labels)
    xtr, ytr, xte, yte = x[:TRAIN_SIZE], y[:TRAIN_SIZE], x[TRAIN_SIZE:], y[TRAIN_SIZE:]
    model = PaperCnn()
    opt = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, eps=1e-8)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.85)
    tmp = None if a.out else tempfile.TemporaryDirectory()
    out = a.out or tmp.name
    os.makedirs(out, exist_ok=True)
    epochs = []
    for e in range(1, a.epochs + 1):
        te = time.perf_counter()
        model.train()
        perm = torch.randperm(TRAIN_SIZE)
        for i in range(0, TRAIN_SIZE, 100):
            idx = perm[i:i + 100]
            opt.zero_grad()
            F.cross_entropy(model(xtr[idx]), ytr[idx], reduction="sum").backward()
            opt.step()
        sched.step()
        train_s = time.perf_counter() - te
        model.eval()
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        torch.save({"epoch": e, "model": model.state_dict(), "optimizer": opt.state_dict()}, os.path.join(out, "checkpoint.pt"))
        epochs.append({"epoch": e, "test_accuracy": acc, "samples_per_second": TRAIN_SIZE / train_s})
    torch.save(model.state_dict(), os.path.join(out, "model.pt"))
    print(json.dumps({"torch_version": torch.__version__, "threads": torch.get_num_threads(), "accuracy": epochs[-1]["test_accuracy"],
                      "seconds_after_imports": time.perf_counter() - t0, "epochs": epochs}))
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
