"""Tiny GPT-2s in Hugging Face's file layout (config.json, model.safetensors) and what PyTorch computes with them.

Lesson 11's tests cannot download GPT-2: they read these instead, through the same loader, and compare the
engine's logits, attention and greedy continuations with the values here. The model is GPT-2 as Hugging Face's
GPT2LMHeadModel computes it (pre-LayerNorm blocks, Conv1D weights stored [in, out], gelu_new, LayerNorm eps 1e-5,
the head tied to wte), written out in PyTorch below; random weights, seeded.

    /usr/bin/python3 test/models/makeGpt2Fixtures.py      # writes test/fixtures/gpt2/tiny-*/
"""
import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'gpt2')
PROMPT = [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13]  # arbitrary GPT-2 ids
CHECK = [0, 1, 2, 13, 198, 262, 290, 318, 464, 50256]
GREEDY = 12


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def make_weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    V, P, D, L = cfg['vocab_size'], cfg['n_positions'], cfg['n_embd'], cfg['n_layer']
    n = lambda *shape, std=0.3: torch.randn(*shape, generator=g) * std
    w = {'wte.weight': n(V, D, std=0.5), 'wpe.weight': n(P, D, std=0.2)}
    for l in range(L):
        b = f'h.{l}.'
        w[b + 'ln_1.weight'] = 1 + n(D, std=0.1)
        w[b + 'ln_1.bias'] = n(D, std=0.1)
        w[b + 'attn.c_attn.weight'] = n(D, 3 * D)
        w[b + 'attn.c_attn.bias'] = n(3 * D, std=0.1)
        w[b + 'attn.c_proj.weight'] = n(D, D)
        w[b + 'attn.c_proj.bias'] = n(D, std=0.1)
        w[b + 'ln_2.weight'] = 1 + n(D, std=0.1)
        w[b + 'ln_2.bias'] = n(D, std=0.1)
        w[b + 'mlp.c_fc.weight'] = n(D, 4 * D)
        w[b + 'mlp.c_fc.bias'] = n(4 * D, std=0.1)
        w[b + 'mlp.c_proj.weight'] = n(4 * D, D, std=0.2)
        w[b + 'mlp.c_proj.bias'] = n(D, std=0.1)
    w['ln_f.weight'] = 1 + n(D, std=0.1)
    w['ln_f.bias'] = n(D, std=0.1)
    return w


def forward(w, cfg, ids):
    """Logits [T, V], the attention of each block [H, T, T], and the residual stream after each block at the last position."""
    D, H, L, eps = cfg['n_embd'], cfg['n_head'], cfg['n_layer'], cfg['layer_norm_epsilon']
    T = len(ids)
    dh = D // H
    ids_t = torch.tensor(ids)
    x = w['wte.weight'][ids_t] + w['wpe.weight'][:T]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    ln = lambda t, p: torch.nn.functional.layer_norm(t, (D,), w[p + '.weight'], w[p + '.bias'], eps)
    attention, residual = [], []
    for l in range(L):
        b = f'h.{l}.'
        a = ln(x, b + 'ln_1')
        qkv = a @ w[b + 'attn.c_attn.weight'] + w[b + 'attn.c_attn.bias']
        q, k, v = qkv.split(D, dim=-1)
        heads = lambda t: t.view(T, H, dh).transpose(0, 1)  # [H, T, dh]
        q, k, v = heads(q), heads(k), heads(v)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(dh)
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        att = torch.softmax(scores, dim=-1)
        attention.append(att)
        o = (att @ v).transpose(0, 1).reshape(T, D)
        x = x + o @ w[b + 'attn.c_proj.weight'] + w[b + 'attn.c_proj.bias']
        m = ln(x, b + 'ln_2')
        h = gelu_new(m @ w[b + 'mlp.c_fc.weight'] + w[b + 'mlp.c_fc.bias'])
        x = x + h @ w[b + 'mlp.c_proj.weight'] + w[b + 'mlp.c_proj.bias']
        residual.append(x[-1].clone())
    logits = ln(x, 'ln_f') @ w['wte.weight'].T
    lens = [ln(r, 'ln_f') @ w['wte.weight'].T for r in residual]
    return logits, attention, lens


def write_safetensors(path, tensors, dtype):
    """Hugging Face's format: an 8-byte header length, the JSON header (padded to 8 bytes), the data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        if t.dtype == torch.uint8:
            data, kind = t.contiguous().numpy().tobytes(), 'U8'
        else:
            data, kind = t.to(dtype).contiguous().numpy().tobytes(), {torch.float32: 'F32', torch.float16: 'F16'}[dtype]
        header[name] = {'dtype': kind, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header['__metadata__'] = {'format': 'pt'}
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def make(name, cfg, seed, dtype, prefix, lm_head, buffers):
    torch.manual_seed(seed)
    w = make_weights(cfg, seed)
    if dtype == torch.float16:  # the file holds float16: compute with the values it really holds
        w = {k: v.half().float() for k, v in w.items()}
    prompt = [i % cfg['vocab_size'] for i in PROMPT]
    check = [i for i in CHECK if i < cfg['vocab_size']]
    logits, attention, lens = forward(w, cfg, prompt)
    # The greedy continuation, each step from scratch (no cache), with how close the top two came.
    ids, gaps = list(prompt), []
    for _ in range(GREEDY):
        last = forward(w, cfg, ids)[0][-1]
        top = torch.topk(last, 2).values
        gaps.append(float(top[0] - top[1]))
        ids.append(int(last.argmax()))
    assert min(gaps) > 1e-3, f'{name}: a greedy step is too close to call ({min(gaps)})'
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    tensors = {prefix + k: v for k, v in w.items()}
    if buffers:  # old checkpoints keep the causal mask as a buffer; loaders ignore it
        for l in range(cfg['n_layer']):
            tensors[f'{prefix}h.{l}.attn.bias'] = torch.tril(torch.ones(1, 1, cfg['n_positions'], cfg['n_positions'], dtype=torch.uint8))
    if lm_head:
        tensors['lm_head.weight'] = w['wte.weight']
    write_safetensors(os.path.join(folder, 'model.safetensors'), tensors, dtype)
    with open(os.path.join(folder, 'config.json'), 'w') as f:
        json.dump({**cfg, 'architectures': ['GPT2LMHeadModel'], 'model_type': 'gpt2', 'activation_function': 'gelu_new', 'bos_token_id': 50256, 'eos_token_id': 50256}, f, indent=2)
    top = [torch.topk(row, 5).indices.tolist() for row in logits]
    expected = {
        'prompt': prompt,
        'check': check,
        'logits': [[float(row[i]) for i in check] for row in logits],
        'top': top,
        'topLogits': [[float(logits[t][i]) for i in top[t]] for t in range(len(prompt))],
        'logsumexp': [float(torch.logsumexp(row, 0)) for row in logits],
        'attention': [a.flatten().tolist() for a in attention],
        'greedy': ids[len(prompt):],
        'greedyGap': min(gaps),
        'lensTop': [int(row.argmax()) for row in lens],
        'lensMax': [float(row.max()) for row in lens],
    }
    with open(os.path.join(folder, 'expected.json'), 'w') as f:
        json.dump(expected, f)
    print(name, 'greedy', expected['greedy'], 'min gap', min(gaps))


if __name__ == '__main__':
    base = {'vocab_size': 50257, 'n_positions': 64, 'n_ctx': 64, 'layer_norm_epsilon': 1e-5}
    make('tiny-a', {**base, 'n_embd': 4, 'n_layer': 2, 'n_head': 2}, 1, torch.float32, '', False, True)
    make('tiny-b', {**base, 'n_embd': 4, 'n_layer': 2, 'n_head': 2}, 2, torch.float16, 'transformer.', True, False)
    make('tiny-c', {'vocab_size': 1000, 'n_positions': 32, 'n_ctx': 32, 'layer_norm_epsilon': 1e-5, 'n_embd': 64, 'n_layer': 2, 'n_head': 4}, 3, torch.float32, '', False, False)
