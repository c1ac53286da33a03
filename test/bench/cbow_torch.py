"""PyTorch's speed on the notebook's CBOW step, for `npm run bench` (entry cbow-full-words-per-s, backend pytorch).

The model and step of the word2vec notebook: Embedding(V, D, max_norm=1) -> mean over the window ->
Linear(D, V, bias=False) -> cross entropy; Adam lr 0.1; one step = forward, loss, zero_grad, backward,
Adam step, loss.item(). Synthetic ids, as in ../shared/reference/perf-torch-cpu.json. It times STEPS steps at one
and at two threads, the settings alternated step by step so that a busy moment hits both, and prints one JSON line
with the faster setting's median.
Run with Debian's python3-torch and OpenBLAS on LD_LIBRARY_PATH (see ../shared/reference/README.md).
"""
import json
import sys

import torch
from torch_timing import blas, time_threads

V, D, W, B = (int(x) for x in (sys.argv[1:5] if len(sys.argv) >= 5 else (4056, 300, 8, 20000)))
STEPS = int(sys.argv[5]) if len(sys.argv) >= 6 else 3
torch.manual_seed(0)


class CBOW(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = torch.nn.Embedding(V, D, max_norm=1)
        self.linear = torch.nn.Linear(D, V, bias=False)

    def forward(self, x):
        return self.linear(self.embeddings(x).mean(dim=1))


model = CBOW()
optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
batches = [(torch.randint(0, V, (B, W)), torch.randint(0, V, (B,))) for _ in range(2)]


def step(i):
    x, y = batches[i % 2]
    loss = torch.nn.functional.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


medians, best = time_threads(step, STEPS)
print(json.dumps({
    "words_per_s": B / medians[best],
    "s_per_step": medians[best],
    "threads": best,
    "words_per_s_by_threads": {str(k): B / v for k, v in medians.items()},
    "torch": torch.__version__,
    "blas": blas(),
}))
