// How fast each CPU of this machine multiplies at this moment, alone: one product of our kernels (Lesson 9's
// 768 x 128 x 512, one thread, the relaxed-SIMD build) run for about a second on each core in turn, pinned there
// with taskset. The two vCPUs of a shared machine need not be equal (one measured 38.6-39.6 GFLOP/s beside the
// other's 51.4-51.6), and two threads can go no faster than the two together: the notes give the figures beside the
// comparisons. Run as a script it prints one core's figure: node --experimental-wasm-relaxed-simd coreSpeed.mjs.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const KERNELS = new URL('../../src/kernels/kernels-relaxed.wasm', import.meta.url);
const [M, K, N] = [768, 128, 512];

/** GFLOP/s of this thread on the product, the best of five windows of 200 ms after a warm-up. */
async function measure() {
  const { instance } = await WebAssembly.instantiate(readFileSync(KERNELS), {
    env: {
      abort: () => {
        throw new Error('abort');
      },
      seed: () => 1,
    },
  });
  const k = instance.exports;
  // A [M, K], B [K, N], C [M, N] and B's panels [K, N], one after another past the kernels' own memory.
  let end = k.memory.buffer.byteLength;
  const take = (floats) => {
    const at = end;
    end += 4 * floats;
    return at;
  };
  const [a, b, c, pack] = [take(M * K), take(K * N), take(M * N), take(K * N)];
  k.memory.grow(Math.ceil((end - a) / 65536));
  new Float32Array(k.memory.buffer, a, M * K + K * N).forEach((_, i, f) => {
    f[i] = Math.sin(i);
  });
  const product = () => k.matmulShared(0, a, b, c, M, K, N, false, pack);
  for (let i = 0; i < 20; i++) product();
  let best = 0;
  for (let window = 0; window < 5; window++) {
    const t0 = performance.now();
    let reps = 0;
    while (performance.now() - t0 < 200) {
      product();
      reps++;
    }
    best = Math.max(best, (2 * M * K * N * reps) / (performance.now() - t0) / 1e6);
  }
  return best;
}

/** Each CPU's figure, in order; or why there are none (no taskset, no kernels built). */
export function coreSpeeds() {
  const script = fileURLToPath(import.meta.url);
  try {
    return cpus().map((_, cpu) =>
      Number(
        execFileSync('taskset', ['-c', String(cpu), process.execPath, '--experimental-wasm-relaxed-simd', script], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 60_000,
        }).trim(),
      ),
    );
  } catch (error) {
    return String(error.message ?? error).split('\n')[0];
  }
}

/** The note of each CPU's figure, at a moment of the run (`when`). */
export function coreSpeedNote(when) {
  const speeds = coreSpeeds();
  return typeof speeds === 'string'
    ? `cores ${when}: not measured (${speeds})`
    : `cores ${when}, each alone (one thread of our kernels on a ${M} x ${K} x ${N} product, pinned): ${speeds.map((s, cpu) => `cpu ${cpu} ${s.toFixed(1)}`).join(', ')} GFLOP/s`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log((await measure()).toFixed(2));
