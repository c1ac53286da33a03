import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { buildVocab } from '../../src/lessons/tokens/vocab';
import { cbowWindows, toParagraphs } from '../../src/lessons/word2vec/corpus';
import { createCbow, cbowFullStep } from '../../src/lessons/word2vec/cbow';
import { keepProbabilities, negativeSamplingStep, noiseSampler, subsample } from '../../src/lessons/word2vec/negativeSampling';
import { neighboursOf } from '../../src/lessons/word2vec/vectors';
import { Adam } from '../../src/lib/adam';
import { createRng } from '../../src/lib/rng';

it('exp', async () => {
  await tf.setBackend('wasm');
  const text = readFileSync('/work/shared/data/wikitext-2/train.txt', 'utf8');
  const paragraphs = toParagraphs(text.split('\n'));
  const vocab = buildVocab(paragraphs, { minFreq: Number(process.env.MINF ?? 50), specials: ['<unk>'] });
  const V = vocab.itos.length;
  const ids = paragraphs.map((p) => Int32Array.from(p, (t) => vocab.indexOf(t)));
  const counts = new Float64Array(V);
  for (const p of ids) for (const i of p) counts[i]++;
  const rng = createRng(1);
  const D = Number(process.env.D ?? 100);
  const w = createCbow(V, D, rng, process.env.FULL ? 'pytorch' : 'word2vec');
  if (process.env.FULL) {
    const win = cbowWindows(ids, 8);
    const adam = new Adam([w.context, w.centre], { learningRate: 0.1 });
    const B = 20000;
    for (let s = 0; s < 2; s++) {
      const t0 = performance.now();
      const loss = await cbowFullStep(w, win.contexts.subarray(s * B * 8, (s + 1) * B * 8), win.centres.subarray(s * B, (s + 1) * B), 8, { batch: B, chunk: Number(process.env.CHUNK ?? 2000), maxNorm: 1 }, (g) => adam.step(g));
      console.log('full step', loss, (performance.now() - t0) / 1000, 's', B / ((performance.now() - t0) / 1000), 'w/s');
    }
    return;
  }
  const keep = keepProbabilities(counts, Number(process.env.T ?? 1e-3));
  keep[0] = Math.min(keep[0], 0.1);
  const sub = subsample(ids, keep, rng);
  const win = cbowWindows(sub, 8);
  console.log('windows', win.centres.length);
  const draw = noiseSampler(counts);
  const B = Number(process.env.B ?? 1024);
  const k = 5;
  const lr = Number(process.env.LR ?? 0.05);
  const order = Int32Array.from(win.centres.keys());
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const ctx = new Int32Array(B * 8), cen = new Int32Array(B), neg = new Int32Array(B * k);
  const probes = ['king', 'father', 'france', 'city', 'war'];
  const t0 = performance.now();
  let step = 0;
  for (let pos = 0; pos + B <= order.length; pos += B, step++) {
    for (let b = 0; b < B; b++) { const n = order[pos + b]; cen[b] = win.centres[n]; ctx.set(win.contexts.subarray(n * 8, n * 8 + 8), b * 8); }
    for (let i = 0; i < neg.length; i++) neg[i] = draw(rng);
    const loss = negativeSamplingStep(w, ctx, cen, neg, 8, lr);
    if (step % 100 === 0) {
      const el = (performance.now() - t0) / 1000;
      const expected: Record<string, string[]> = { king: ['queen', 'prince', 'emperor', 'pope', 'lord', 'earl', 'son'], father: ['mother', 'brother', 'son', 'wife'], france: ['italy', 'germany', 'spain', 'england', 'britain'], city: ['town', 'village', 'capital'], war: ['battle', 'army', 'conflict', 'campaign'] };
      let good = 0;
      const lines: string[] = [];
      for (const p of probes) { const ns = neighboursOf(w.context, vocab.indexOf(p), 10, vocab.itos).map((n) => n.word); if (ns.some((x) => expected[p].includes(x))) good++; lines.push(p + ': ' + ns.join(' ')); }
      console.log('STEP', step, loss.toFixed(3), el.toFixed(1) + 's', Math.round((step + 1) * B / el) + ' w/s', 'good', good);
      if (good >= 3) { console.log(lines.join('\n')); break; }
      if (el > 60) break;
    }
  }
}, 600000);
