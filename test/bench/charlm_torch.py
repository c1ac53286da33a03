"""PyTorch's speed on Lesson 6's character LSTM, for `npm run bench` (entry charlm-chars-per-s, backend pytorch).

The same model and step as src/models/charLstm.ts: Embedding(V, E) -> LSTM(E, H, layers) -> Linear(H, V),
cross entropy over every position of windows of T characters, batch B, Adam; one step = forward, loss,
zero_grad, backward, Adam step, loss.item(). Synthetic ids (V = 104), at one and at two threads; it prints one
JSON line with the faster setting, timed over several steps after a warm-up, the sides alternated.
Run with Debian's python3-torch and OpenBLAS on LD_LIBRARY_PATH (see ../shared/reference/README.md).
"""
import json
import sys

import torch
from torch_timing import blas, time_threads

E, H, LAYERS, T, B = (int(x) for x in (sys.argv[1:6] if len(sys.argv) >= 6 else (32, 128, 2, 64, 32)))
STEPS = int(sys.argv[6]) if len(sys.argv) >= 7 else 6
V = 104
torch.manual_seed(0)


class CharLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, num_layers=LAYERS)
        self.linear = torch.nn.Linear(H, V)

    def forward(self, x):
        out, _ = self.lstm(self.embedding(x))
        return self.linear(out)


model = CharLstm()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
batches = [(torch.randint(0, V, (T, B)), torch.randint(0, V, (T, B))) for _ in range(2)]


def step(i):
    x, y = batches[i % 2]
    loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


medians, best = time_threads(step, STEPS)
print(json.dumps({
    "chars_per_s": T * B / medians[best],
    "s_per_step": medians[best],
    "threads": best,
    "chars_per_s_by_threads": {str(k): T * B / v for k, v in medians.items()},
    "torch": torch.__version__,
    "blas": blas(),
}))
