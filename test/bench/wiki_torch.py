"""PyTorch's side of Lesson 12's benchmark (wiki-transformer-tokens-per-s in `npm run bench`).

The Project II notebook's model as it builds it (christianb93/MLLM wiki/): Embedding(6400, 192), the sinusoidal
positional layer, torch's TransformerEncoder of 4 post-LN TransformerEncoderLayers (8 heads, feed-forward 1,024,
ReLU) with a causal mask, Linear(192, 6400); Adam at 5e-4. Dropout is 0 (the notebook's 0.2 is not in the page's
engine either: the two sides do the same arithmetic). One step is a batch of 32 windows of 48 token ids (synthetic:
the time does not depend on which ids), the forward pass, the loss, the backward pass and Adam's update.

  /usr/bin/python3 test/bench/wiki_torch.py [STEPS]    tokens/s at one and two threads (medians of STEPS steps, alternated); one JSON line
Run with Debian's python3-torch and OpenBLAS on LD_LIBRARY_PATH (see ../shared/reference/README.md).
"""
import json
import sys

import torch
from torch_timing import blas, time_threads

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 6
V, D, H, FF, L, T, B = 6400, 192, 8, 1024, 4, 48, 32
torch.manual_seed(0)


class PosEmbedding(torch.nn.Module):
    def __init__(self, context, dim):
        super().__init__()
        p = torch.arange(context, dtype=torch.float32).unsqueeze(1)
        x = p / torch.pow(10000, torch.arange(0, dim, step=2) / dim)
        pe = torch.zeros(context, dim)
        pe[:, 0::2] = torch.sin(x)
        pe[:, 1::2] = torch.cos(x)
        self.register_buffer("pe", pe.unsqueeze(1))

    def forward(self, x):
        return x + self.pe[: x.shape[0]]


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, D)
        self.positions = PosEmbedding(T, D)
        layer = torch.nn.TransformerEncoderLayer(d_model=D, nhead=H, dim_feedforward=FF, dropout=0.0)
        self.encoder = torch.nn.TransformerEncoder(layer, num_layers=L, enable_nested_tensor=False)
        self.head = torch.nn.Linear(D, V)
        self.register_buffer("mask", torch.tril(torch.ones(T, T) * float("-inf"), diagonal=-1).t())

    def forward(self, ids):  # ids (T, B), as the notebook feeds them
        return self.head(self.encoder(self.positions(self.embedding(ids)), mask=self.mask))


model = Model()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
generator = torch.Generator().manual_seed(1)


def step(_i):
    ids = torch.randint(0, V, (T, B), generator=generator)
    targets = torch.randint(0, V, (T, B), generator=generator)
    loss = torch.nn.functional.cross_entropy(model(ids).reshape(-1, V), targets.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


medians, best = time_threads(step, STEPS)
print(json.dumps({
    "tokens_per_s": T * B / medians[best],
    "threads": best,
    "tokens_per_s_by_threads": {str(k): T * B / v for k, v in medians.items()},
    "parameters": sum(p.numel() for p in model.parameters()),
    "torch": torch.__version__,
    "blas": blas(),
}))
