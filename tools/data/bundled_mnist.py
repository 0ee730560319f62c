"""The bundled MNIST digits (mnist10k.bin.gz, format in README.md beside this file) as the SDK's
BundledMnist reads them, including mnist8 computed bit-identically to the Java AreaResampler."""
import gzip
import struct
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
MNIST = REPO / "sdk" / "src" / "main" / "resources" / "insitu" / "sdk" / "data" / "mnist10k.bin.gz"
TRAIN_SIZE = 8000  # BundledMnist.TRAIN_SIZE: first 8,000 digits train, the rest test


def bundled_mnist():
    """Pixels in [0, 1] as float64 exactly as BundledMnist computes them, and labels."""
    raw = gzip.decompress(MNIST.read_bytes())
    magic, version, n, rows, cols = struct.unpack(">4sIIII", raw[:20])
    assert magic == b"MNST" and version == 1 and (rows, cols) == (28, 28), "bad mnist10k.bin.gz"
    labels = np.frombuffer(raw, np.uint8, n, 20).astype(np.int64)
    pixels = np.frombuffer(raw, np.uint8, n * 784, 20 + n).reshape(n, 28, 28)
    return pixels.astype(np.float64) / 255.0, labels


def area_weights(crop, out):
    """AreaResampler's weight matrix, computed in the same order of operations."""
    span = crop / out
    w = np.zeros((out, crop))
    for o in range(out):
        lo = o * span
        hi = lo + span
        for k in range(crop):
            overlap = min(hi, k + 1) - max(lo, k)
            if overlap > 0:
                w[o, k] = overlap / span
    return w


def mnist8(images28):
    """BundledMnist.mnist8(): centre 20x20 (rows/cols 4..23) area-averaged to 8x8, then clamped
    to [0, 1]; sums run in AreaResampler's order so the values are bit-identical to Java's."""
    w = area_weights(20, 8)
    crop = images28[:, 4:24, 4:24]
    rows = np.zeros((len(images28), 8, 20))
    for o in range(8):
        for r in range(20):
            if w[o, r] != 0:
                rows[:, o, :] += w[o, r] * crop[:, r, :]
    out = np.zeros((len(images28), 8, 8))
    for o in range(8):
        for p in range(8):
            s = np.zeros(len(images28))
            for k in range(20):
                s = s + rows[:, o, k] * w[p, k]
            out[:, o, p] = s
    return np.clip(out, 0.0, 1.0)
