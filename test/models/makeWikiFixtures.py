"""Project II's transformer (christianb93/MLLM wiki/model.py) on seeded weights, and what PyTorch computes with it.

Lesson 12 trains this model in the GPT engine (post-LN blocks, ReLU, fixed sinusoidal positions, a head with a
bias): test/unit/wikiTransformer.test.ts compares the engine's logits, loss and every gradient with the values here.
The model is built as the notebook builds it: Embedding, the sinusoidal PosEmbeddingLayer, torch's
TransformerEncoder of post-LN TransformerEncoderLayers (ReLU; dropout 0 here, so that the comparison is exact)
with a causal mask, and Linear(D, V).

    /usr/bin/python3 test/models/makeWikiFixtures.py      # writes test/fixtures/wiki-transformer.json
"""
import json
import os

import torch

V, D, H, FF, L, T, B = 40, 16, 4, 24, 2, 8, 3
torch.manual_seed(12)


class PosEmbedding(torch.nn.Module):
    def __init__(self, context, dim):
        super().__init__()
        p = torch.arange(context, dtype=torch.float32).unsqueeze(1)
        i = torch.arange(0, dim, step=2) / dim
        x = p / torch.pow(10000, i)
        pe = torch.zeros(context, dim)
        pe[:, 0::2] = torch.sin(x)
        pe[:, 1::2] = torch.cos(x)
        self.register_buffer('pe', pe.unsqueeze(1))

    def forward(self, x):
        return x + self.pe[: x.shape[0]]


embedding = torch.nn.Embedding(V, D)
positions = PosEmbedding(T, D)
layer = torch.nn.TransformerEncoderLayer(d_model=D, nhead=H, dim_feedforward=FF, dropout=0.0)
encoder = torch.nn.TransformerEncoder(layer, num_layers=L)
head = torch.nn.Linear(D, V)
for module in (embedding, encoder, head):
    module.train()
mask = torch.tril(torch.ones(T, T) * float('-inf'), diagonal=-1).t()

ids = torch.randint(0, V, (B, T))
targets = torch.randint(0, V, (B, T))
x = positions(embedding(ids.t()))  # (T, B, D), as the notebook feeds it
logits = head(encoder(x, mask=mask)).transpose(0, 1)  # (B, T, V)
loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), targets.reshape(-1))
loss.backward()

# The engine's order of the parameters: tokens, then per block (attention in, out; MLP in, out; the two norms), head.
params = [embedding.weight]
for block in encoder.layers:
    params += [block.self_attn.in_proj_weight, block.self_attn.in_proj_bias, block.self_attn.out_proj.weight, block.self_attn.out_proj.bias,
               block.linear1.weight, block.linear1.bias, block.linear2.weight, block.linear2.bias,
               block.norm1.weight, block.norm1.bias, block.norm2.weight, block.norm2.bias]
params += [head.weight, head.bias]

out = {
    'shape': {'vocab': V, 'width': D, 'heads': H, 'ff': FF, 'layers': L, 'context': T, 'batch': B},
    'ids': ids.flatten().tolist(),
    'targets': targets.flatten().tolist(),
    'parameters': [p.detach().flatten().tolist() for p in params],
    'logits': logits.detach().flatten().tolist(),
    'loss': float(loss),
    'gradients': [p.grad.flatten().tolist() for p in params],
}
path = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'wiki-transformer.json')
with open(path, 'w') as f:
    json.dump(out, f)
print('loss', float(loss), 'written', path)
