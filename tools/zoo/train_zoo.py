#!/usr/bin/python3
"""Train the small model zoo that insitu offers by name and export it as ONNX (opset 17) with cards.

Models (all seeded; see tools/onnx/README.md for the determinism notes):
  paper-cnn-trained  the paper's five-level CNN on mnist8 (1,015 weights, same graph and weight
                  names as the built-in, untrained `paper-cnn`, so the Java side can offer it trained)
  lenet5-mnist    LeNet-5 on the bundled 28x28 digits (mnist28), inputs in [0, 1]
  lenet5-fashion  LeNet-5 on Fashion-MNIST, inputs in [-1, 1] (pixel/255*2-1): the zoo's model
                  whose input scaling differs from the built-in data sets' [0, 1]
  dscnn-mnist     depthwise-separable CNN (DS-CNN / MobileNet style) on mnist28
  resnet-mnist    small residual CNN on mnist28

Writes sdk/src/main/resources/insitu/sdk/zoo/<name>.onnx and <name>.json (the card) and
index.json, plus reference inputs/outputs for tests in sdk/src/test/resources/insitu/sdk/zoo/.

    /usr/bin/python3 tools/zoo/train_zoo.py
    /usr/bin/python3 tools/zoo/train_zoo.py --only paper-cnn-trained --dump-test /tmp/zoo-test
"""
import argparse
import copy
import gzip
import hashlib
import io
import json
import struct
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import helper, numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "onnx"))
from bundled_mnist import TRAIN_SIZE, bundled_mnist, mnist8  # noqa: E402
from export_fixtures import PaperCnn  # noqa: E402  (the same network the fixtures use)

REPO = Path(__file__).resolve().parents[2]
ZOO = REPO / "sdk" / "src" / "main" / "resources" / "insitu" / "sdk" / "zoo"
REFS = REPO / "sdk" / "src" / "test" / "resources" / "insitu" / "sdk" / "zoo"
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")  # Debian package dataset-fashion-mnist
OPSET = 17
N_REFS = 16
THREADS = 1  # with 2, OpenMP spinning makes tiny models 50x slower on a busy machine
DIGITS = [str(d) for d in range(10)]
FASHION = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
           "Bag", "Ankle boot"]


# ----------------------------------------------------------------------------- data

@dataclass
class Data:
    name: str  # insitu data set name (mnist8, mnist28, fashion-mnist)
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = struct.unpack(">I", raw[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_data(fashion_dir):
    images, labels = bundled_mnist()
    sets = {}
    x28 = images[:, None].astype(np.float32)
    src = "bundled mnist10k.bin.gz: first 8,000 digits train, last 2,000 test"
    sets["mnist28"] = Data("mnist28", x28[:TRAIN_SIZE], labels[:TRAIN_SIZE], x28[TRAIN_SIZE:],
                           labels[TRAIN_SIZE:], src)
    x8 = mnist8(images)[:, None].astype(np.float32)
    sets["mnist8"] = Data("mnist8", x8[:TRAIN_SIZE], labels[:TRAIN_SIZE], x8[TRAIN_SIZE:],
                          labels[TRAIN_SIZE:], src + "; 20x20 centre area-averaged to 8x8")
    if fashion_dir is not None:
        def scaled(name):  # [-1, 1]: pixel/255*2-1
            return (read_idx(fashion_dir / name).astype(np.float64) / 255.0 * 2 - 1)[:, None].astype(np.float32)
        sets["fashion-mnist"] = Data(
            "fashion-mnist", scaled("train-images-idx3-ubyte.gz"),
            read_idx(fashion_dir / "train-labels-idx1-ubyte.gz").astype(np.int64),
            scaled("t10k-images-idx3-ubyte.gz"),
            read_idx(fashion_dir / "t10k-labels-idx1-ubyte.gz").astype(np.int64),
            "Fashion-MNIST IDX files (Debian package dataset-fashion-mnist): 60,000 train, "
            "10,000 test (t10k)")
    return sets


# ----------------------------------------------------------------------------- models

class LeNet5(nn.Module):
    """LeNet-5 with ReLU and max pooling: 61,706 weights."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        return self.fc3(F.relu(self.fc2(x)))


def conv_bn(cin, cout, k, stride=1, groups=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU())


class DsCnn(nn.Module):
    """Stem conv, three depthwise-separable blocks (depthwise 3x3 + pointwise 1x1), global
    average pool, dense; BatchNorm is folded into the convolutions on export."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(1, 16, 3, stride=2)  # 14x14
        self.blocks = nn.Sequential(
            conv_bn(16, 16, 3, groups=16), conv_bn(16, 32, 1),
            conv_bn(32, 32, 3, stride=2, groups=32), conv_bn(32, 64, 1),  # 7x7
            conv_bn(64, 64, 3, groups=64), conv_bn(64, 64, 1))
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.short is None else self.short(x)))


class ResNetSmall(nn.Module):
    """Stem conv (stride 2), identity block, downsampling block with 1x1 projection, identity
    block, global average pool, dense; residual Adds stay in the graph, BatchNorm is folded."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(1, 16, 3, stride=2)  # 14x14
        self.layers = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 32, 1))
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


@dataclass
class Recipe:
    name: str
    build: type
    data: str
    input_range: str  # "0,1" or "-1,1"
    classes: list
    epochs: int
    lr: float
    description: str
    batch: int = 64
    seed: int = 0


RECIPES = [
    Recipe("paper-cnn-trained", PaperCnn, "mnist8", "0,1", DIGITS, 30, 1e-2,
           "The paper's five-level CNN (Wang et al. 2019): 8x8 -> conv 3x3x15 'same' ReLU -> "
           "conv 2x2x4 padded after -> maxpool 2 -> dense 64->10, no biases."),
    Recipe("lenet5-mnist", LeNet5, "mnist28", "0,1", DIGITS, 8, 2e-3,
           "LeNet-5 (ReLU, max pooling) on 28x28 digits."),
    Recipe("lenet5-fashion", LeNet5, "fashion-mnist", "-1,1", FASHION, 3, 3e-3,
           "LeNet-5 (ReLU, max pooling) on Fashion-MNIST, trained on inputs in [-1, 1].",
           batch=128),
    Recipe("dscnn-mnist", DsCnn, "mnist28", "0,1", DIGITS, 9, 4e-3,
           "Depthwise-separable CNN (DS-CNN / MobileNet style): stem conv stride 2, three "
           "depthwise 3x3 + pointwise 1x1 blocks, global average pool, dense."),
    Recipe("resnet-mnist", ResNetSmall, "mnist28", "0,1", DIGITS, 6, 3e-3,
           "Small residual CNN: stem conv stride 2, three basic blocks (one downsampling with a "
           "1x1 projection), global average pool, dense."),
]


# ----------------------------------------------------------------------------- training

def train(model, data, recipe):
    """Adam with a cosine learning-rate schedule; order of batches from a seeded generator."""
    gen = torch.Generator().manual_seed(recipe.seed)
    opt = torch.optim.Adam(model.parameters(), lr=recipe.lr)
    steps_per_epoch = (len(data.x_train) + recipe.batch - 1) // recipe.batch
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, recipe.epochs * steps_per_epoch)
    x, y = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    for epoch in range(recipe.epochs):
        model.train()
        order = torch.randperm(len(x), generator=gen)
        total = 0.0
        for k in range(0, len(x), recipe.batch):
            idx = order[k:k + recipe.batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print(f"  epoch {epoch + 1:2d}: loss {total / len(x):.4f}", flush=True)
    model.eval()


def predict(model, x, batch=1000):
    with torch.no_grad():
        return np.concatenate([model(torch.from_numpy(x[k:k + batch])).numpy()
                               for k in range(0, len(x), batch)])


def reference(model, x):
    """Logits of eval-mode PyTorch in float64 on the float32 weights, as float32."""
    with torch.no_grad():
        return copy.deepcopy(model).double()(torch.from_numpy(x.astype(np.float64))).numpy().astype(np.float32)


# ----------------------------------------------------------------------------- export

def paper_cnn_onnx(model):
    """The graph PaperModels.cnn() builds, by hand: the same node order, weight names and
    layouts (Conv pads [0,0,1,1] for 'padded after', Gemm with transB for the dense layer)."""
    w = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    inits = [numpy_helper.from_array(w[n], n) for n in ("conv1.weight", "conv2.weight", "fc.weight")]
    nodes = [
        helper.make_node("Conv", ["input", "conv1.weight"], ["conv1_out"], name="conv1",
                         kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1], dilations=[1, 1]),
        helper.make_node("Relu", ["conv1_out"], ["relu1_out"], name="relu1"),
        helper.make_node("Conv", ["relu1_out", "conv2.weight"], ["conv2_out"], name="conv2",
                         kernel_shape=[2, 2], strides=[1, 1], pads=[0, 0, 1, 1], dilations=[1, 1]),
        helper.make_node("MaxPool", ["conv2_out"], ["maxpool1_out"], name="maxpool1",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["maxpool1_out"], ["flatten1_out"], name="flatten1", axis=1),
        helper.make_node("Gemm", ["flatten1_out", "fc.weight"], ["output"], name="fc",
                         alpha=1.0, beta=1.0, transB=1),
    ]
    graph = helper.make_graph(
        nodes, "paper-cnn",
        [helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, ["batch", 1, 8, 8])],
        [helper.make_tensor_value_info("output", onnx.TensorProto.FLOAT, ["batch", 10])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                          producer_name="insitu tools/zoo/train_zoo.py")
    m.ir_version = 8
    return m


def torch_onnx(model, example):
    f = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.from_numpy(example), f, opset_version=OPSET,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    return onnx.load_from_string(f.getvalue())


def add_metadata(m, recipe, data, accuracy):
    m.doc_string = recipe.description
    props = {
        "insitu.model": recipe.name,
        "insitu.dataset": data.name,
        "insitu.input_range": recipe.input_range,
        "insitu.input_shape": ",".join(str(d) for d in data.x_test.shape[1:]),
        "insitu.classes": ",".join(recipe.classes),
        "insitu.software_accuracy": f"{accuracy:.4f}",
        "insitu.source": "tools/zoo/train_zoo.py",
    }
    del m.metadata_props[:]
    for k, v in props.items():
        m.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    onnx.checker.check_model(m, full_check=True)
    return m


def onnx_weights(m):
    """Float parameters in the file (after the exporter folded BatchNorm into the convolutions)."""
    return int(sum(np.prod(t.dims) for t in m.graph.initializer
                   if t.data_type == onnx.TensorProto.FLOAT and len(t.dims) >= 1))


def ops_of(m):
    return dict(sorted(Counter(n.op_type for n in m.graph.node).items()))


def build_one(recipe, data, dump_dir):
    print(f"{recipe.name} on {data.name} ({len(data.x_train):,} train / {len(data.x_test):,} test)",
          flush=True)
    torch.manual_seed(recipe.seed)
    model = recipe.build()
    start = time.perf_counter()
    train(model, data, recipe)
    seconds = time.perf_counter() - start
    logits = predict(model, data.x_test)
    accuracy = float((logits.argmax(1) == data.y_test).mean())
    weights = sum(p.numel() for p in model.parameters())
    print(f"  test accuracy {accuracy:.2%}, {weights:,} weights, {seconds:.0f} s", flush=True)
    m = paper_cnn_onnx(model) if recipe.name == "paper-cnn-trained" else torch_onnx(model, data.x_test[:2])
    m = add_metadata(m, recipe, data, accuracy)
    onnx_path = ZOO / f"{recipe.name}.onnx"
    onnx.save(m, onnx_path)
    body = onnx_path.read_bytes()
    scaling = "pixel / 255" if recipe.input_range == "0,1" else "pixel / 255 * 2 - 1"
    card = {
        "name": recipe.name,
        "onnx": onnx_path.name,
        "description": recipe.description,
        "dataset": data.name,
        "data": data.source,
        "input_shape": list(data.x_test.shape[1:]),
        "input_range": recipe.input_range,
        "input_scaling": scaling,
        "classes": recipe.classes,
        "weights": weights,
        "weights_in_onnx": onnx_weights(m),
        "software_test_accuracy": round(accuracy, 4),
        "test_samples": len(data.y_test),
        "ops": ops_of(m),
        "opset": OPSET,
        "training": {
            "loss": "cross-entropy", "optimizer": "Adam", "learning_rate": recipe.lr,
            "schedule": "cosine to 0 over all steps", "epochs": recipe.epochs,
            "batch": recipe.batch, "seed": recipe.seed, "threads": THREADS,
            "augmentation": "none",
            "batchnorm": "folded into the convolutions by the exporter" if any(
                isinstance(x, nn.BatchNorm2d) for x in model.modules()) else "none",
        },
        "torch": torch.__version__, "onnx_package": onnx.__version__,
        "onnx_bytes": len(body), "onnx_sha256": hashlib.sha256(body).hexdigest(),
    }
    (ZOO / f"{recipe.name}.json").write_text(json.dumps(card, indent=1) + "\n")
    x_ref = data.x_test[:N_REFS]
    np.save(REFS / f"{recipe.name}_input.npy", x_ref)
    np.save(REFS / f"{recipe.name}_labels.npy", data.y_test[:N_REFS])
    np.save(REFS / f"{recipe.name}_output.npy", reference(model, x_ref))
    if dump_dir is not None:
        np.save(dump_dir / f"{recipe.name}_test_input.npy", data.x_test)
        np.save(dump_dir / f"{recipe.name}_test_labels.npy", data.y_test)
        np.save(dump_dir / f"{recipe.name}_test_output.npy", logits)
    return card


def ref_entry(card, prefix="../../../../../main/resources/insitu/sdk/zoo/"):
    stem = card["name"]
    return {"file": prefix + card["onnx"], "family": stem, "opset": OPSET,
            "input": f"{stem}_input.npy", "output": f"{stem}_output.npy",
            "labels": f"{stem}_labels.npy", "expect": "run"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fashion-dir", type=Path, default=FASHION_DIR,
                    help="Fashion-MNIST IDX files (default: where Debian's dataset-fashion-mnist puts them)")
    ap.add_argument("--only", help="comma-separated model names (default: all)")
    ap.add_argument("--dump-test", type=Path,
                    help="also write each model's whole test split and PyTorch logits here, with a "
                         "manifest for tools/onnx/verify_ort.cjs")
    args = ap.parse_args()
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    recipes = RECIPES
    if args.only:
        recipes = [r for r in RECIPES if r.name in set(args.only.split(","))]
    need_fashion = any(r.data == "fashion-mnist" for r in recipes)
    if need_fashion and not (args.fashion_dir / "train-images-idx3-ubyte.gz").exists():
        raise SystemExit(f"Fashion-MNIST not found in {args.fashion_dir}: apt-get install "
                         "dataset-fashion-mnist, or pass --fashion-dir")
    sets = load_data(args.fashion_dir if need_fashion else None)
    ZOO.mkdir(parents=True, exist_ok=True)
    REFS.mkdir(parents=True, exist_ok=True)
    if args.dump_test:
        args.dump_test.mkdir(parents=True, exist_ok=True)
    cards = [build_one(r, sets[r.data], args.dump_test) for r in recipes]
    if not args.only:
        index = [{"name": c["name"], "onnx": c["onnx"], "card": c["name"] + ".json",
                  "dataset": c["dataset"], "input_range": c["input_range"],
                  "weights": c["weights"], "weights_in_onnx": c["weights_in_onnx"],
                  "software_test_accuracy": c["software_test_accuracy"]}
                 for c in cards]
        (ZOO / "index.json").write_text(json.dumps({"models": index}, indent=1) + "\n")
        (REFS / "manifest.json").write_text(json.dumps({
            "generator": "tools/zoo/train_zoo.py",
            "reference": f"first {N_REFS} test samples, scaled as the model expects; eval-mode "
                         "PyTorch in float64 on the float32 weights, as float32",
            "models": [ref_entry(c) for c in cards]}, indent=1) + "\n")
    if args.dump_test:
        (args.dump_test / "manifest.json").write_text(json.dumps({"models": [
            {**ref_entry(c, str(ZOO) + "/"), "input": f"{c['name']}_test_input.npy",
             "output": f"{c['name']}_test_output.npy", "labels": f"{c['name']}_test_labels.npy",
             "accuracy": c["software_test_accuracy"]} for c in cards]}, indent=1) + "\n")
    for c in cards:
        print(f"{c['name']:15s} {c['dataset']:13s} range {c['input_range']:5s} "
              f"{c['weights']:7,d} weights  accuracy {c['software_test_accuracy']:.2%}")


if __name__ == "__main__":
    main()
