"""PyTorch's speed on the notebook's CBOW step, for `npm run bench` (entry cbow-full-words-per-s, backend pytorch).

The model and step of the word2vec notebook: Embedding(V, D, max_norm=1) -> mean over the window ->
Linear(D, V, bias=False) -> cross entropy; Adam lr 0.1; one step = forward, loss, zero_grad, backward,
Adam step, loss.item(). Synthetic ids, as in ../shared/reference/perf-torch-cpu.json. Prints one JSON line.
Run with Debian's python3-torch and OpenBLAS on LD_LIBRARY_PATH (see ../shared/reference/README.md).
"""
import json
import sys
import time

import torch

V, D, W, B = (int(x) for x in (sys.argv[1:5] if len(sys.argv) >= 5 else (4056, 300, 8, 20000)))
STEPS = int(sys.argv[5]) if len(sys.argv) >= 6 else 3
torch.manual_seed(0)
torch.set_num_threads(2)


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


step(0)  # warm-up
start = time.perf_counter()
for i in range(STEPS):
    step(i + 1)
seconds = (time.perf_counter() - start) / STEPS
config = torch.__config__.show()
print(json.dumps({
    "words_per_s": B / seconds,
    "s_per_step": seconds,
    "threads": torch.get_num_threads(),
    "torch": torch.__version__,
    "blas": "OpenBLAS" if "openblas" in " ".join(open("/proc/self/maps").read().split()).lower() else "other (reference BLAS is about 30x slower)",
}))
