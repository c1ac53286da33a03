"""PyTorch's side of Lesson 9's benchmarks (gpt-chars-per-s and gpt-seconds-to-1.88 in `npm run bench`).

The same model, data and recipe as src/lessons/gpt: a character GPT (token and learned position embeddings, pre-LN
blocks of torch.nn.TransformerEncoderLayer with GELU and a causal mask, a final LayerNorm, a linear head without bias)
on Tiny Shakespeare (the first 90 % to train on), AdamW (betas 0.9, 0.99, weight decay 0.1 on the matrices and
embeddings), 100 warm-up steps then a cosine from 1e-3 to 1e-4 at the last step, gradient norm clipped at 1, no dropout.
The validation loss is the mean over 8 fixed batches of the validation split, as the page measures it.

  speed STEPS      characters/s at one and two threads (median of STEPS steps each, alternated); one JSON line
  train STEPS      trains STEPS steps at one thread, a validation point every 100; seconds of training (without the
                   validation passes) until the loss first reaches 1.88; one JSON line
Run with Debian's python3-torch and OpenBLAS on LD_LIBRARY_PATH (see ../shared/reference/README.md).
"""
import json
import math
import sys
import time

import torch
from torch_timing import blas, time_threads

MODE = sys.argv[1] if len(sys.argv) > 1 else "speed"
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 6
DATA = sys.argv[3] if len(sys.argv) > 3 else "../shared/data/tinyshakespeare/input.txt"
LAYERS, HEADS, D, T, B = 4, 4, 128, 64, 12
LR, MIN_LR, WARMUP, DECAY_STEPS = 1e-3, 1e-4, 100, 2000
TARGET = 1.88

text = open(DATA, encoding="utf-8").read()
chars = sorted(set(text))
V = len(chars)
stoi = {c: i for i, c in enumerate(chars)}
ids = torch.tensor([stoi[c] for c in text], dtype=torch.long)
cut = int(len(ids) * 0.9)
train_ids, val_ids = ids[:cut], ids[cut:]
torch.manual_seed(0)


class Gpt(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = torch.nn.Embedding(V, D)
        self.positions = torch.nn.Embedding(T, D)
        self.blocks = torch.nn.ModuleList(
            torch.nn.TransformerEncoderLayer(D, HEADS, 4 * D, dropout=0.0, activation="gelu", batch_first=True, norm_first=True) for _ in range(LAYERS)
        )
        self.norm = torch.nn.LayerNorm(D)
        self.head = torch.nn.Linear(D, V, bias=False)
        self.register_buffer("mask", torch.triu(torch.full((T, T), float("-inf")), diagonal=1))

    def forward(self, x):
        h = self.tokens(x) + self.positions(torch.arange(x.shape[1]))
        for block in self.blocks:
            h = block(h, src_mask=self.mask[: x.shape[1], : x.shape[1]])
        return self.head(self.norm(h))


model = Gpt()
decay = [p for p in model.parameters() if p.dim() >= 2]
no_decay = [p for p in model.parameters() if p.dim() < 2]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}], lr=LR, betas=(0.9, 0.99))


def lr_at(step):
    if step < WARMUP:
        return LR * (step + 1) / WARMUP
    if step > DECAY_STEPS:
        return MIN_LR
    ratio = (step - WARMUP) / (DECAY_STEPS - WARMUP)
    return MIN_LR + 0.5 * (1 + math.cos(math.pi * ratio)) * (LR - MIN_LR)


def batch(source, generator):
    starts = torch.randint(0, len(source) - T - 1, (B,), generator=generator)
    x = torch.stack([source[s : s + T] for s in starts])
    y = torch.stack([source[s + 1 : s + T + 1] for s in starts])
    return x, y


train_gen = torch.Generator().manual_seed(1)
val_gen = torch.Generator().manual_seed(4242)
held = [batch(val_ids, val_gen) for _ in range(8)]


def step(i):
    for group in optimizer.param_groups:
        group["lr"] = lr_at(i)
    x, y = batch(train_ids, train_gen)
    loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    return loss.item()


@torch.no_grad()
def validation():
    return sum(torch.nn.functional.cross_entropy(model(x).reshape(-1, V), y.reshape(-1)).item() for x, y in held) / len(held)


if MODE == "speed":
    medians, best = time_threads(step, STEPS)
    print(json.dumps({
        "chars_per_s": T * B / medians[best],
        "threads": best,
        "chars_per_s_by_threads": {str(k): T * B / v for k, v in medians.items()},
        "torch": torch.__version__,
        "blas": blas(),
    }))
else:
    torch.set_num_threads(1)
    seconds = 0.0
    curve = [{"step": 0, "loss": validation(), "seconds": 0.0}]
    reached = None
    for i in range(STEPS):
        start = time.perf_counter()
        step(i)
        seconds += time.perf_counter() - start
        if (i + 1) % 100 == 0 or i + 1 == STEPS:
            point = {"step": i + 1, "loss": validation(), "seconds": seconds}
            curve.append(point)
            if reached is None and point["loss"] <= TARGET:
                reached = point
    print(json.dumps({
        "reached": reached,
        "curve": curve,
        "chars_per_s": T * B * STEPS / seconds,
        "parameters": sum(p.numel() for p in model.parameters()),
        "torch": torch.__version__,
        "blas": blas(),
    }))
