"""The small random-weight PyTorch models behind tools/onnx/op_families.py, one per op family.

Each family wraps the ops it is about between weight-bearing layers (Conv, Linear), so an importer
has to map the weights onto crossbars and run the family's ops in the periphery. Models stay in
the hundreds to low thousands of weights so the committed fixtures stay small.
"""
from dataclasses import dataclass, field
from typing import Callable, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.onnx import TrainingMode

BATCH0 = {"input": {0: "batch"}, "output": {0: "batch"}}
BATCH1 = {"input": {1: "batch"}, "output": {1: "batch"}}


@dataclass
class Family:
    name: str
    build: Callable[[], nn.Module]
    input_shape: tuple
    focus: list  # the op types this family is about
    dynamic: Optional[dict] = field(default_factory=lambda: BATCH0)
    training: TrainingMode = TrainingMode.EVAL
    expect: str = "run"  # or "refuse": insitu should print one line naming refuse_op
    refuse_op: Optional[str] = None
    script: bool = False  # export through torch.jit.script (keeps loops as Loop)
    note: str = ""


FAMILIES = []


def family(name, input_shape, focus, **kw):
    """Registers a family; decorates what builds its model (a function, or the model's own class)."""
    def register(build):
        FAMILIES.append(Family(name, build, tuple(input_shape), list(focus), **kw))
        return build
    return register


def _opset():
    from torch.onnx._globals import GLOBALS
    return GLOBALS.export_onnx_opset_version


# ----------------------------------------------------------------------------- custom symbolics
# PyTorch 1.13 decomposes LRN, never emits Sum and drops Dropout in eval mode; these Functions
# compute the same thing in PyTorch and export as the single ONNX op other exporters write.

class _Lrn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        return F.local_response_norm(x, size, alpha, beta, k)

    @staticmethod
    def symbolic(g, x, size, alpha, beta, k):
        return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)


class Lrn(nn.Module):
    """ONNX LRN; equals PyTorch's for odd sizes (both centre the channel window)."""

    def __init__(self, size, alpha, beta, k):
        super().__init__()
        assert size % 2 == 1
        self.args = (size, alpha, beta, k)

    def forward(self, x):
        return _Lrn.apply(x, *self.args)


class _Sum3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, c):
        return a + b + c

    @staticmethod
    def symbolic(g, a, b, c):
        return g.op("Sum", a, b, c)


class _Sum2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def symbolic(g, a, b):
        return g.op("Sum", a, b)


class _DropoutWithMask(torch.autograd.Function):
    """Inference Dropout (identity) that declares the optional mask output, no training_mode."""

    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def symbolic(g, x):
        if _opset() >= 12:
            ratio = g.op("Constant", value_t=torch.tensor(0.25, dtype=torch.float32))
            out, _mask = g.op("Dropout", x, ratio, outputs=2)
        else:
            out, _mask = g.op("Dropout", x, ratio_f=0.25, outputs=2)
        return out


class _GlobalMaxPool(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.amax(x, dim=tuple(range(2, x.dim())), keepdim=True)

    @staticmethod
    def symbolic(g, x):
        return g.op("GlobalMaxPool", x)


class Fn(nn.Module):
    """A parameter-free function as a module."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


def mlp(op, width=24):
    """Linear 16->width, the op, Linear width->8: elementwise families on rank-2 data."""
    return nn.Sequential(nn.Linear(16, width), op, nn.Linear(width, 8))


def convs(op, cin=3, mid=6, cout=4):
    """Conv 3x3 pad 1, the op, Conv 3x3: elementwise families on rank-4 data."""
    return nn.Sequential(nn.Conv2d(cin, mid, 3, padding=1), op, nn.Conv2d(mid, cout, 3))


# ----------------------------------------------------------------------------- convolutions

@family("conv_grouped", (2, 4, 8, 8), ["Conv"], note="groups=2 then groups=4, stride 2")
def _():
    return nn.Sequential(nn.Conv2d(4, 8, 3, padding=1, groups=2), nn.ReLU(),
                         nn.Conv2d(8, 8, 3, stride=2, groups=4))


@family("conv_depthwise", (2, 6, 8, 8), ["Conv"],
        note="depthwise 3x3, pointwise 1x1, depthwise with channel multiplier 2 (groups=12, 24 out)")
def _():
    return nn.Sequential(nn.Conv2d(6, 6, 3, padding=1, groups=6), nn.ReLU(), nn.Conv2d(6, 12, 1),
                         nn.ReLU(), nn.Conv2d(12, 24, 3, stride=2, padding=1, groups=12))


@family("conv1d", (2, 3, 16), ["Conv"], note="1-D: plain k5, depthwise k3, dilated strided k3")
def _():
    return nn.Sequential(nn.Conv1d(3, 8, 5, padding=2), nn.ReLU(),
                         nn.Conv1d(8, 8, 3, padding=1, groups=8), nn.ReLU(),
                         nn.Conv1d(8, 6, 3, stride=2, dilation=2, padding=2))


@family("conv_dilated_strided", (2, 3, 11, 11), ["Conv"],
        note="dilation 2, stride 2, pads (1,2); rectangular 3x2 kernel, stride (1,2), pads (2,0)")
def _():
    return nn.Sequential(nn.Conv2d(3, 6, 3, dilation=2, stride=2, padding=(1, 2)), nn.ReLU(),
                         nn.Conv2d(6, 4, (3, 2), stride=(1, 2), padding=(2, 0)))


@family("convtranspose1d", (2, 4, 10), ["ConvTranspose"])
def _():
    return nn.Sequential(nn.ConvTranspose1d(4, 3, 4, stride=2, padding=1), nn.ReLU(),
                         nn.ConvTranspose1d(3, 2, 3, stride=2, padding=1, output_padding=1))


@family("convtranspose2d", (2, 4, 5, 5), ["ConvTranspose"], note="stride 2, pads, output_padding")
def _():
    return nn.Sequential(nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1),
                         nn.ReLU(), nn.ConvTranspose2d(3, 2, 2, stride=2))


@family("convtranspose2d_grouped", (2, 4, 5, 5), ["ConvTranspose"],
        note="groups 2, dilation 2, no bias; rectangular kernel, stride (1,2)")
def _():
    return nn.Sequential(
        nn.ConvTranspose2d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2, bias=False),
        nn.ReLU(), nn.ConvTranspose2d(6, 3, (2, 3), stride=(1, 2)))


@family("conv_nobias_bn", (2, 3, 8, 8), ["Conv", "BatchNormalization"],
        training=TrainingMode.PRESERVE,
        note="Conv without bias followed by BatchNormalization, kept unfused (TrainingMode.PRESERVE)")
def _():
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                         nn.Conv2d(8, 4, 3, bias=False), nn.BatchNorm2d(4))


@family("bn_after_pool", (2, 3, 8, 8), ["BatchNormalization"], training=TrainingMode.PRESERVE,
        note="standalone BatchNormalization after MaxPool (rank 4) and after Linear (rank 2)")
def _():
    return nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.MaxPool2d(2), nn.BatchNorm2d(6),
                         nn.ReLU(), nn.Flatten(), nn.Linear(96, 16), nn.BatchNorm1d(16), nn.ReLU(),
                         nn.Linear(16, 5))


# ----------------------------------------------------------------------------- residuals

@family("residual_add", (2, 4, 8, 8), ["Add"], note="identity and 1x1-projection shortcuts")
class ResidualAdd(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.down = nn.Conv2d(4, 6, 3, stride=2, padding=1)
        self.proj = nn.Conv2d(4, 6, 1, stride=2, bias=False)

    def forward(self, x):
        y = F.relu(self.conv2(F.relu(self.conv1(x))) + x)
        return F.relu(self.down(y) + self.proj(y))


@family("residual_sum", (2, 4, 8, 8), ["Sum"], note="Sum of three and of two inputs")
class ResidualSum(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.conv3 = nn.Conv2d(4, 3, 1)

    def forward(self, x):
        a = self.conv1(x)
        y = F.relu(_Sum3.apply(x, a, self.conv2(F.relu(a))))
        return _Sum2.apply(self.conv3(y), y[:, :3])


# ----------------------------------------------------------------------------- normalizations

@family("lrn", (2, 3, 8, 8), ["LRN"], note="LRN size 5 (alpha 0.5, beta 0.75, bias 1) and size 3")
def _():
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), Lrn(5, 0.5, 0.75, 1.0),
                         nn.Conv2d(8, 6, 3), Lrn(3, 0.2, 0.5, 2.0))


@family("instancenorm", (2, 3, 6, 6), ["InstanceNormalization"])
def _():
    return convs(nn.InstanceNorm2d(6, affine=True))


# ----------------------------------------------------------------------------- reductions

class Reduce(nn.Module):
    def __init__(self, keep, drop):
        super().__init__()
        self.conv = nn.Conv2d(6, 8, 3, padding=1)
        self.fc = nn.Linear(25, 5)
        self.keep, self.drop = keep, drop

    def forward(self, x):
        x = self.conv(x)
        x = x * torch.sigmoid(self.keep(x, (2, 3), True))  # keepdims=1, squeeze-excite style
        return self.fc(torch.flatten(self.drop(x, 1, False), 1))  # keepdims=0


@family("reduce_mean", (2, 6, 5, 5), ["ReduceMean"], note="keepdims 1 over (2,3), 0 over 1")
def _():
    return Reduce(lambda x, d, k: x.mean(d, keepdim=k), lambda x, d, k: x.mean(d, keepdim=k))


@family("reduce_sum", (2, 6, 5, 5), ["ReduceSum"], note="keepdims 1 over (2,3), 0 over 1")
def _():
    return Reduce(lambda x, d, k: x.sum(d, keepdim=k), lambda x, d, k: x.sum(d, keepdim=k))


@family("reduce_max", (2, 6, 5, 5), ["ReduceMax"], note="keepdims 1 over (2,3), 0 over 1")
def _():
    return Reduce(lambda x, d, k: x.amax(d, keepdim=k), lambda x, d, k: x.amax(d, keepdim=k))


# ----------------------------------------------------------------------------- activations

@family("prelu", (2, 3, 8, 8), ["PRelu"], note="per-channel slopes (rank 4) and one shared slope")
class PReluNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3)
        self.act1 = nn.PReLU(6)
        self.fc1 = nn.Linear(216, 12)
        self.act2 = nn.PReLU()
        self.fc2 = nn.Linear(12, 4)

    def forward(self, x):
        return self.fc2(self.act2(self.fc1(torch.flatten(self.act1(self.conv(x)), 1))))


@family("elu", (2, 3, 6, 6), ["Elu"], note="alpha 0.7")
def _():
    return convs(nn.ELU(alpha=0.7))


@family("selu", (2, 16), ["Selu"])
def _():
    return mlp(nn.SELU())


@family("softplus", (2, 16), ["Softplus"])
def _():
    return mlp(nn.Softplus())


@family("leakyrelu", (2, 3, 6, 6), ["LeakyRelu"], note="slope 0.2")
def _():
    return convs(nn.LeakyReLU(0.2))


@family("hardsigmoid", (2, 16), ["HardSigmoid"])
def _():
    return mlp(nn.Hardsigmoid())


@family("hardswish", (2, 3, 6, 6), ["HardSwish"],
        note="PyTorch writes HardSigmoid+Mul below opset 14, HardSwish from 14")
def _():
    return convs(nn.Hardswish())


@family("neg", (2, 16), ["Neg"])
def _():
    return mlp(Fn(torch.neg))


@family("abs", (2, 16), ["Abs"])
def _():
    return mlp(Fn(torch.abs))


@family("exp", (2, 16), ["Exp"])
def _():
    return mlp(Fn(torch.exp))


@family("sqrt", (2, 16), ["Sqrt"], note="sqrt(h*h + 0.5)")
def _():
    return mlp(Fn(lambda h: torch.sqrt(h * h + 0.5)))


@family("pow", (2, 16), ["Pow"], note="h^2, h^3, (|h|+0.5)^1.5 and (|h|+0.5)^sigmoid(h)")
def _():
    def f(h):
        base = h.abs() + 0.5
        return h ** 2 + h ** 3 + base ** 1.5 + torch.pow(base, torch.sigmoid(h))
    return mlp(Fn(f))


@family("div", (2, 16), ["Div"], note="tensor / tensor and tensor / constant")
def _():
    return mlp(Fn(lambda h: h / (h.abs() + 1.0) + h / 3.0))


@family("clip_relu6", (2, 16), ["Clip"], note="ReLU6, clamp(-0.3, 0.4), clamp(min=0.1)")
def _():
    return nn.Sequential(nn.Linear(16, 24), nn.ReLU6(), nn.Linear(24, 12),
                         Fn(lambda h: torch.clamp(h, -0.3, 0.4)), nn.Linear(12, 8),
                         Fn(lambda h: torch.clamp(h, min=0.1)), nn.Linear(8, 4))


@family("softmax", (2, 3, 5, 5), ["Softmax"], note="over channels of rank 4, then over the last axis")
def _():
    return nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.Softmax(dim=1), nn.Conv2d(6, 4, 3),
                         nn.Flatten(), nn.Linear(36, 6), nn.Softmax(dim=-1))


@family("logsoftmax", (2, 3, 5, 5), ["LogSoftmax"], note="over channels of rank 4, then the last axis")
def _():
    return nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.LogSoftmax(dim=1), nn.Conv2d(6, 4, 3),
                         nn.Flatten(), nn.Linear(36, 6), nn.LogSoftmax(dim=-1))


# ----------------------------------------------------------------------------- shape ops

@family("tile", (2, 2, 5, 5), ["Tile"])
def _():
    return nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), Fn(lambda x: x.repeat(1, 2, 1, 1)),
                         nn.ReLU(), Fn(lambda x: x.repeat(1, 1, 1, 2)), nn.Conv2d(6, 4, 3))


@family("pad_reflect", (2, 3, 6, 6), ["Pad"],
        note="F.pad reflect (1,2,2,1), then a Conv with padding_mode='reflect'")
def _():
    return nn.Sequential(Fn(lambda x: F.pad(x, (1, 2, 2, 1), mode="reflect")), nn.Conv2d(3, 4, 3),
                         nn.Conv2d(4, 4, 3, padding=1, padding_mode="reflect"))


@family("pad_edge", (2, 3, 6, 6), ["Pad"], note="F.pad replicate (2,1,0,1), rank 4 and rank 3")
def _():
    return nn.Sequential(Fn(lambda x: F.pad(x, (2, 1, 0, 1), mode="replicate")), nn.Conv2d(3, 4, 3),
                         nn.Flatten(2), Fn(lambda x: F.pad(x, (1, 2), mode="replicate")),
                         nn.Conv1d(4, 2, 3))


@family("pad_constant", (2, 3, 6, 6), ["Pad"], note="F.pad constant 0.5, pads (1,2,0,3)")
def _():
    return nn.Sequential(Fn(lambda x: F.pad(x, (1, 2, 0, 3), value=0.5)), nn.Conv2d(3, 4, 3))


@family("reshape_transpose", (2, 3, 6, 6), ["Reshape", "Transpose", "Flatten", "MatMul"],
        note="Reshape from the input's batch size, Transpose, MatMul on rank 3, Flatten")
class ShapeOps(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc1 = nn.Linear(4, 5)
        self.fc2 = nn.Linear(180, 6)

    def forward(self, x):
        x = self.conv(x)
        x = x.reshape(x.shape[0], 4, 36).transpose(1, 2)  # [N, 36, 4]
        x = self.fc1(x).permute(0, 2, 1)  # [N, 5, 36]
        return self.fc2(torch.flatten(x, 1))


@family("squeeze_unsqueeze", (2, 3, 6, 6), ["Squeeze", "Unsqueeze"])
class SqueezeOps(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 1, 3, padding=1)
        self.fc = nn.Linear(6, 4)
        self.conv2 = nn.Conv2d(1, 2, 3, padding=1)

    def forward(self, x):
        h = self.fc(self.conv1(x).squeeze(1))  # [N, 6, 4]
        return self.conv2(h.unsqueeze(1)).unsqueeze(-1).squeeze(-1)


@family("concat_split", (2, 3, 5, 5), ["Split", "Concat"], note="equal and unequal Split")
class ConcatSplit(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)
        self.conv2 = nn.Conv2d(6, 4, 1)

    def forward(self, x):
        x = self.conv1(x)
        a, b, c = torch.split(x, 2, dim=1)  # equal parts
        d, e = torch.split(x, [1, 5], dim=1)  # unequal parts
        return self.conv2(torch.cat([c, a, b], 1) * torch.cat([e, d], 1))


@family("slice_gather", (2, 4, 8, 8), ["Slice", "Gather"],
        note="Slice with steps and negative ends; Gather with scalar, vector and negative indices")
class SliceGather(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 6, 3, padding=1)
        self.fc = nn.Linear(6 * 3 * 8 + 8 * 8 + 3 * 8 * 8 + 6 * 8 + 3 * 6 * 4, 5)
        self.register_buffer("idx", torch.tensor([0, 3, 5]))

    def forward(self, x):
        x = self.conv(x)  # [N, 6, 8, 8]
        parts = [x[:, :, 1:7:2, :],  # Slice with a step
                 x[:, 2],  # Gather with a scalar index
                 x.index_select(1, self.idx),  # Gather with an index vector
                 x[..., -1],  # Gather with a negative index
                 x[:, 2:-1, 1:-1, 2:-2].narrow(1, 0, 3)]  # Slice with negative ends
        return self.fc(torch.cat([torch.flatten(p, 1) for p in parts], 1))


# ----------------------------------------------------------------------------- pooling

@family("maxpool_dilated", (2, 3, 10, 10), ["MaxPool"],
        note="kernel 3 dilation 2; kernel 2 stride 2 pad 1 dilation (1,2)")
def _():
    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.MaxPool2d(3, stride=1, dilation=2),
                         nn.MaxPool2d(2, stride=2, padding=1, dilation=(1, 2)), nn.Flatten(),
                         nn.Linear(48, 5))


@family("pool1d", (2, 4, 13), ["MaxPool", "AveragePool"],
        note="MaxPool1d ceil_mode; AvgPool1d pad 1, ceil_mode, count_include_pad=False")
def _():
    return nn.Sequential(nn.Conv1d(4, 6, 3), nn.MaxPool1d(3, stride=2, ceil_mode=True),
                         nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True,
                                      count_include_pad=False),
                         nn.Flatten(), nn.Linear(18, 5))


class Pool3d(nn.Module):
    def __init__(self):
        super().__init__()
        self.max = nn.MaxPool3d(2, stride=2, ceil_mode=True)
        self.avg_in = nn.AvgPool3d(3, stride=1, padding=1, count_include_pad=True)
        self.avg_ex = nn.AvgPool3d(3, stride=1, padding=1, count_include_pad=False)
        self.fc = nn.Linear(54, 6)

    def forward(self, x):
        x = self.max(x)  # [N, 2, 3, 3, 3]
        return self.fc(torch.flatten(self.avg_in(x) - self.avg_ex(x) * 0.5, 1))


@family("pool3d", (2, 2, 5, 6, 6), ["MaxPool", "AveragePool"],
        note="MaxPool3d ceil_mode; AvgPool3d pad 1 with and without count_include_pad")
def _():
    return Pool3d()


@family("pool2d_ceil", (2, 3, 9, 9), ["AveragePool", "MaxPool"],
        note="AvgPool ceil_mode+count_include_pad, MaxPool ceil_mode, AvgPool excluding pads")
def _():
    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1),
                         nn.AvgPool2d(3, 2, padding=1, ceil_mode=True, count_include_pad=True),
                         nn.MaxPool2d(2, 2, ceil_mode=True),
                         nn.AvgPool2d(2, 1, padding=1, count_include_pad=False),
                         nn.Flatten(), nn.Linear(64, 5))


@family("global_pool", (2, 3, 7, 7), ["GlobalAveragePool", "GlobalMaxPool"],
        note="GlobalAveragePool, GlobalMaxPool, and MaxPool over the whole map (adaptive max)")
class GlobalPools(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(24, 5)

    def forward(self, x):
        x = self.conv(x)
        return self.fc(torch.flatten(torch.cat([F.adaptive_avg_pool2d(x, 1),
                                                F.adaptive_max_pool2d(x, 1),
                                                _GlobalMaxPool.apply(x)], 1), 1))


# ----------------------------------------------------------------------------- recurrent

class Recurrent(nn.Module):
    def __init__(self, cell, layers, batch_first, bidirectional, readout):
        super().__init__()
        hidden = 5 if bidirectional else 8
        self.rnn = cell(6, hidden, num_layers=layers, batch_first=batch_first,
                        bidirectional=bidirectional)
        self.fc = nn.Linear(hidden * (2 if bidirectional else 1), 3)
        self.batch_first, self.readout = batch_first, readout

    def forward(self, x):
        out, state = self.rnn(x)
        if self.readout == "sequence":
            return self.fc(out)
        if self.readout == "last":
            return self.fc(out[:, -1] if self.batch_first else out[-1])
        h = state[0] if isinstance(state, tuple) else state
        return self.fc(h[-1])  # last layer's final state


def _rnn_family(name, cell, layers, batch_first, bidirectional, readout):
    shape = (2, 5, 6) if batch_first else (5, 2, 6)
    op = "LSTM" if cell is nn.LSTM else "GRU"
    dyn = BATCH0 if batch_first or readout == "state" else BATCH1
    if not batch_first and readout == "state":
        dyn = {"input": {1: "batch"}, "output": {0: "batch"}}
    note = (f"{layers} layer(s), {'batch_first' if batch_first else 'sequence first'}, "
            f"{'bidirectional' if bidirectional else 'forward'}, reads out {readout}")
    family(name, shape, [op], dynamic=dyn, note=note)(
        lambda: Recurrent(cell, layers, batch_first, bidirectional, readout))


_rnn_family("lstm_batch_first", nn.LSTM, 1, True, False, "last")
_rnn_family("lstm_2layer", nn.LSTM, 2, False, False, "sequence")
_rnn_family("lstm_bidirectional", nn.LSTM, 1, True, True, "sequence")
_rnn_family("gru_batch_first", nn.GRU, 1, True, False, "last")
_rnn_family("gru_2layer", nn.GRU, 2, False, False, "state")
_rnn_family("gru_bidirectional", nn.GRU, 1, True, True, "sequence")


@family("convlstm_zero_state", (2, 3, 1, 6, 6), ["ConstantOfShape", "Shape", "Gather", "Conv"],
        note="zero initial state built from the input's batch size, folded at compile time")
class ConvLstmZeroState(nn.Module):
    """ConvLSTM over [N, T, 1, 6, 6]; h0 = c0 = zeros sized by the input's batch (Shape/Gather/
    ConstantOfShape in the graph), so the first Conv reads a value computed in the graph."""

    def __init__(self, hidden=4):
        super().__init__()
        self.hidden = hidden
        self.conv = nn.Conv2d(1 + hidden, 4 * hidden, 3, padding=1)
        self.fc = nn.Linear(hidden * 9, 5)

    def forward(self, x):
        n, steps, _, height, width = x.shape
        h = torch.zeros(n, self.hidden, height, width)
        c = torch.zeros(n, self.hidden, height, width)
        for t in range(steps):
            i, f, g, o = torch.split(self.conv(torch.cat([x[:, t], h], 1)), self.hidden, dim=1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        return self.fc(torch.flatten(F.max_pool2d(h, 2), 1))


# ----------------------------------------------------------------------------- dropout

@family("dropout_mask", (2, 16), ["Dropout"],
        note="inference Dropout declaring its optional mask output, no training_mode input")
def _():
    return mlp(Fn(_DropoutWithMask.apply))


# ----------------------------------------------------------------------------- refusals

@family("refuse_loop", (2, 4, 6), ["Loop"], script=True, expect="refuse", refuse_op="Loop",
        dynamic={"input": {0: "batch", 1: "steps"}, "output": {0: "batch"}},
        note="a scripted loop over a dynamic sequence length: control flow, not a static graph")
class RecurrentLoop(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 6)

    def forward(self, x):
        h = torch.zeros_like(x[:, 0])
        for t in range(x.size(1)):
            h = torch.tanh(self.fc(x[:, t]) + h)
        return h


@family("refuse_nonzero", (2, 8), ["NonZero"], expect="refuse", refuse_op="NonZero",
        note="output shape depends on the data (NonZero)")
class DataDependent(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        h = self.fc(x)
        return h.index_select(1, torch.nonzero(h[0] > 0).flatten())
