"""PyTorch's time for Lesson 5's whole memory sweep, for `npm run bench` (entry memory-sweep-seconds, backend pytorch).

The same sweep as src/lessons/lstm/memory.ts at the notebook's configuration: numbers 0..V-1 (V 512), for each length
L in 4, 6, ..., 18 and each cell (nn.RNN, nn.LSTM; hidden 32) one fresh model, one-hot inputs [L, N, V] of every
sequence i, i+1, ..., i+L-1 (N = V - L, full batch), a Linear(32, V), cross entropy at every step against the first
number, Adam lr 0.1 decayed linearly over 100 epochs, then the last step's accuracy. The sweep runs at one and at two
threads, alternated model by model so that a busy moment hits both; it prints one JSON line with the faster total.
Run with Debian's python3-torch and OpenBLAS on LD_LIBRARY_PATH (see ../shared/reference/README.md).
"""
import json
import sys
import time

import torch

V, HIDDEN, EPOCHS = (int(x) for x in (sys.argv[1:4] if len(sys.argv) >= 4 else (512, 32, 100)))
LENGTHS = [4, 6, 8, 10, 12, 14, 16, 18]
LR = 0.1


class Memory(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.cell = torch.nn.LSTM(V, HIDDEN) if cell == 'lstm' else torch.nn.RNN(V, HIDDEN)
        self.linear = torch.nn.Linear(HIDDEN, V)

    def forward(self, x):
        out, _ = self.cell(x)
        return self.linear(out)


def train(cell, length):
    torch.manual_seed(0)
    items = V - length
    starts = torch.arange(items)
    ids = (starts[None, :] + torch.arange(length)[:, None])  # [L, N]
    x = torch.nn.functional.one_hot(ids, V).float()  # [L, N, V]
    y = starts[None, :].expand(length, items).reshape(-1)  # every target is the first number
    model = Memory(cell)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: (EPOCHS - epoch) / EPOCHS)
    for _ in range(EPOCHS):
        loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, V), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        loss.item()
    with torch.no_grad():
        accuracy = (model(x)[-1].argmax(-1) == starts).float().mean().item()
    return accuracy


totals = {1: 0.0, 2: 0.0}
accuracies = {}
for length in LENGTHS:
    for cell in ('rnn', 'lstm'):
        for threads in (1, 2):
            torch.set_num_threads(threads)
            start = time.perf_counter()
            accuracies[f'{cell} L {length}'] = train(cell, length)
            totals[threads] += time.perf_counter() - start
best = min(totals, key=totals.get)
print(json.dumps({
    'seconds': totals[best],
    'threads': best,
    'seconds_by_threads': totals,
    'accuracy': accuracies,
    'config': {'V': V, 'hidden': HIDDEN, 'epochs': EPOCHS, 'lengths': LENGTHS, 'lr': LR},
}))
