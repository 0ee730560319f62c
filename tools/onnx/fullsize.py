#!/usr/bin/python3
"""Export full-size architectures with random weights for the compiler's memory and compile tests.

Nothing is downloaded: torchvision's constructors with weights=None, seeded. The files are large
(VGG-19 is about 550 MB) and are not committed; write them to a scratch directory:

    /usr/bin/python3 tools/onnx/fullsize.py /tmp/fullsize                 # all, opset 17
    /usr/bin/python3 tools/onnx/fullsize.py /tmp/fullsize --opset 13 --only alexnet,zfnet
    /usr/bin/python3 tools/onnx/fullsize.py /tmp/fullsize --opset 18      # 17, then upgrade_opset.py

Models: alexnet, zfnet (AlexNet-like, 7x7 stride-2 first conv, with LRN), vgg19, resnet50,
densenet121, googlenet (Inception v1), inception_v3 (the v2/v3 representative, 299x299),
squeezenet1_1, shufflenet_v2 (x1.0), cnn10m (a plain CNN of 10,000,053 weights for the
"compile memory per weight" measurement). Each gets <name>.onnx and a line in sizes.json.
"""
import argparse
import io
import json
import sys
import time
import warnings
from pathlib import Path

import onnx
import torch
import torch.nn as nn
import torchvision.models as tvm

sys.path.insert(0, str(Path(__file__).resolve().parent))
import upgrade_opset  # noqa: E402
from family_models import Lrn  # noqa: E402


class ZfNet(nn.Module):
    """ZFNet (Zeiler & Fergus 2013): AlexNet with a 7x7 stride-2 first conv and a 5x5 stride-2
    second conv, LRN after the first two, 3x224x224 input, 1000 classes."""

    def __init__(self, classes=1000):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 96, 7, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, stride=2, padding=1), Lrn(5, 1e-4, 0.75, 2.0),
            nn.Conv2d(96, 256, 5, stride=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, stride=2, padding=1), Lrn(5, 1e-4, 0.75, 2.0),
            nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, stride=2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Dropout(), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(), nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Linear(4096, classes))

    def forward(self, x):
        return self.classifier(self.features(x))


class Cnn10M(nn.Module):
    """A plain VGG-style CNN on 3x64x64: ten 3x3 convs (64..512 channels), a 289-wide hidden
    dense layer; 10,000,053 weights, 94 % of them in convolutions."""

    def __init__(self):
        super().__init__()
        chans = [3, 64, 128, 256, 512, 512]
        layers = []
        for cin, cout in zip(chans, chans[1:]):
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
                       nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*layers)  # 512 x 2 x 2
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(2048, 289), nn.ReLU(inplace=True),
                                        nn.Linear(289, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


MODELS = {
    "alexnet": (lambda: tvm.alexnet(weights=None), 224),
    "zfnet": (ZfNet, 224),
    "vgg19": (lambda: tvm.vgg19(weights=None), 224),
    "resnet50": (lambda: tvm.resnet50(weights=None), 224),
    "densenet121": (lambda: tvm.densenet121(weights=None), 224),
    "googlenet": (lambda: tvm.googlenet(weights=None, aux_logits=False, init_weights=True), 224),
    "inception_v3": (lambda: tvm.inception_v3(weights=None, aux_logits=False, init_weights=True), 299),
    "squeezenet1_1": (lambda: tvm.squeezenet1_1(weights=None), 224),
    "shufflenet_v2": (lambda: tvm.shufflenet_v2_x1_0(weights=None), 224),
    "cnn10m": (Cnn10M, 64),
}


def export(name, opset, out_dir):
    build, side = MODELS[name]
    torch.manual_seed(0)
    model = build().eval()
    weights = sum(p.numel() for p in model.parameters())
    x = torch.randn(1, 3, side, side)
    torch_opset = min(opset, 17)
    f = io.BytesIO()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, f, opset_version=torch_opset, input_names=["input"],
                          output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    m = onnx.load_from_string(f.getvalue())
    del f
    if opset > torch_opset:
        m = upgrade_opset.upgrade(m, opset)
    else:
        onnx.checker.check_model(m)
    path = out_dir / f"{name}.onnx"
    onnx.save(m, path)
    ops = sorted({n.op_type for n in m.graph.node})
    return {"name": name, "file": path.name, "opset": opset, "input_shape": [1, 3, side, side],
            "weights": weights, "bytes": path.stat().st_size, "ops": ops,
            "export_seconds": round(time.perf_counter() - start, 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--opset", type=int, default=17, help="9..17 exported, 18..21 via upgrade_opset.py")
    ap.add_argument("--only", help="comma-separated names: " + ",".join(MODELS))
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        raise SystemExit(f"unknown models {unknown}; known: {', '.join(MODELS)}")
    torch.set_num_threads(1)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in names:
        row = export(name, args.opset, args.out_dir)
        rows.append(row)
        print(f"{name:14s} {row['weights']:>12,d} weights  {row['bytes'] / 1e6:8.1f} MB  "
              f"opset {args.opset}  ops: {', '.join(row['ops'])}", flush=True)
    sizes = args.out_dir / "sizes.json"
    old = json.loads(sizes.read_text()) if sizes.exists() else {}
    old.update({r["name"]: r for r in rows})
    sizes.write_text(json.dumps(old, indent=1) + "\n")


if __name__ == "__main__":
    main()
