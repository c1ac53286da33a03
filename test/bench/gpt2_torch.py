"""PyTorch's side of gpt2-decode-tokens-per-s: GPT-2 small's shapes (12 layers, 12 heads, width 768, vocabulary
50,257; random weights of the real sizes, float32) reading a 128-token prompt, then 64 tokens one at a time with a
cache of keys and values, as Hugging Face's GPT2LMHeadModel does; at one and at two threads, alternated.

    /usr/bin/python3 test/bench/gpt2_torch.py [prompt] [new]   ->  one JSON line
"""
import json
import math
import statistics
import sys
import time

import torch

from torch_timing import blas

V, P, D, L, H = 50257, 1024, 768, 12, 12
F = 4 * D
dh = D // H
torch.manual_seed(0)
n = lambda *shape: torch.randn(*shape) * 0.02
wte, wpe = n(V, D), n(P, D)
blocks = [dict(ln1=(torch.ones(D), torch.zeros(D)), attn=(n(D, 3 * D), torch.zeros(3 * D)), proj=(n(D, D), torch.zeros(D)),
               ln2=(torch.ones(D), torch.zeros(D)), fc=(n(D, F), torch.zeros(F)), mlp=(n(F, D), torch.zeros(D))) for _ in range(L)]
lnf = (torch.ones(D), torch.zeros(D))


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


@torch.no_grad()
def read(ids, cache):
    """The last position's logits after `ids`, the keys and values appended to `cache` (one [K, V] per block)."""
    start = cache[0][0].shape[0] if cache[0] is not None else 0
    T = len(ids)
    x = wte[torch.tensor(ids)] + wpe[start:start + T]
    for l, b in enumerate(blocks):
        a = torch.nn.functional.layer_norm(x, (D,), *b['ln1'], 1e-5)
        q, k, v = (torch.addmm(b['attn'][1], a, b['attn'][0])).split(D, dim=-1)
        if cache[l] is not None:
            k = torch.cat([cache[l][0], k])
            v = torch.cat([cache[l][1], v])
        cache[l] = (k, v)
        heads = lambda t: t.view(t.shape[0], H, dh).transpose(0, 1)
        o = torch.nn.functional.scaled_dot_product_attention(heads(q), heads(k), heads(v), is_causal=T > 1) if hasattr(torch.nn.functional, 'scaled_dot_product_attention') else None
        if o is None:
            s = (heads(q) @ heads(k).transpose(-1, -2)) / math.sqrt(dh)
            if T > 1:
                s = s.masked_fill(~torch.tril(torch.ones(T, start + T, dtype=torch.bool), diagonal=start), float('-inf'))
            o = torch.softmax(s, -1) @ heads(v)
        x = x + torch.addmm(b['proj'][1], o.transpose(0, 1).reshape(T, D), b['proj'][0])
        m = torch.nn.functional.layer_norm(x, (D,), *b['ln2'], 1e-5)
        x = x + torch.addmm(b['mlp'][1], gelu_new(torch.addmm(b['fc'][1], m, b['fc'][0])), b['mlp'][0])
    return torch.nn.functional.layer_norm(x[-1:], (D,), *lnf, 1e-5) @ wte.T


def run(prompt_len, new):
    cache = [None] * L
    start = time.perf_counter()
    logits = read(list(range(prompt_len)), cache)
    prompt_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(new):
        logits = read([int(logits.argmax())], cache)
    return prompt_s, time.perf_counter() - start


if __name__ == '__main__':
    prompt_len = int(sys.argv[1]) if len(sys.argv) > 1 else 128
    new = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    times = {1: [], 2: []}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        run(8, 4)  # warm-up
    for _ in range(3):
        for threads in (1, 2):
            torch.set_num_threads(threads)
            times[threads].append(run(prompt_len, new))
    out = {'torch': torch.__version__, 'blas': blas()}
    for threads, runs in times.items():
        out[f'prompt_tokens_per_s_{threads}'] = prompt_len / statistics.median(r[0] for r in runs)
        out[f'decode_tokens_per_s_{threads}'] = new / statistics.median(r[1] for r in runs)
        out[f'decode_spread_{threads}'] = [new / max(r[1] for r in runs), new / min(r[1] for r in runs)]
    print(json.dumps(out))
