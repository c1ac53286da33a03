// The backend chosen by measurement (src/train/fastest.ts): stubbed backends, one faster and one slower, timed in
// turn; the slow one cut short at its first step; one that fails or does not start passed over.
import { describe, expect, it } from 'vitest';
import { describeTimings, LIMIT_FACTOR, MIN_LIMIT_S, raceBackends, stepTime } from '../../src/train/fastest';
import type { BackendName } from '../../src/train/types';

/** Backends that take `perStep` seconds a step (a first step `firstStep` times that): the one in use is timed. */
function stubs(perStep: Partial<Record<BackendName, number>>, firstStep = 3) {
  let inUse: BackendName | undefined;
  const limits: number[] = [];
  const switches: BackendName[] = [];
  return {
    switches,
    limits,
    get inUse() {
      return inUse;
    },
    use: async (name: BackendName) => {
      if (perStep[name] === undefined) return false;
      inUse = name;
      switches.push(name);
      return true;
    },
    time: async (limitSeconds: number) => {
      limits.push(limitSeconds);
      const seconds = perStep[inUse!]!;
      if (Number.isNaN(seconds)) throw new Error('out of GPU memory');
      if (firstStep * seconds > limitSeconds) return { secondsPerStep: firstStep * seconds, stopped: true, on: inUse };
      return { secondsPerStep: seconds, on: inUse };
    },
  };
}

describe('the backend chosen by measurement', () => {
  it('keeps a faster backend found second, and leaves it in use', async () => {
    const s = stubs({ wasm: 0.05, webgl: 0.01 });
    const race = await raceBackends(['wasm', 'webgl'], s.use, s.time);
    expect(race.name).toBe('webgl');
    expect(race.best).toEqual({ secondsPerStep: 0.01, on: 'webgl' });
    expect(s.inUse).toBe('webgl');
    expect(race.timings.map((t) => [t.name, t.secondsPerStep, t.stopped])).toEqual([
      ['webgl', 0.01, false],
      ['wasm', 0.05, false],
    ]);
    // The first is timed in full; the second may take LIMIT_FACTOR times its step (at least MIN_LIMIT_S) on its first.
    expect(s.limits).toEqual([Number.POSITIVE_INFINITY, MIN_LIMIT_S]);
  });

  it('cuts a much slower backend short after its first step, and goes back to the faster one', async () => {
    const s = stubs({ wasm: 0.2, webgl: 5 });
    const race = await raceBackends(['wasm', 'webgl'], s.use, s.time);
    expect(race.name).toBe('wasm');
    expect(s.inUse).toBe('wasm');
    expect(s.switches).toEqual(['wasm', 'webgl', 'wasm']);
    expect(s.limits[1]).toBe(LIMIT_FACTOR * 0.2);
    expect(race.timings[1]).toEqual({ name: 'webgl', secondsPerStep: 15, stopped: true });
    expect(describeTimings(race.timings, 'SwiftShader')).toBe(
      'WASM (our kernels on the CPU) 200 ms a step; WebGL (SwiftShader): its first step took 15.0 s (cut short)',
    );
  });

  it('passes over a backend that does not start or fails, and says so', async () => {
    const s = stubs({ webgl: Number.NaN, wasm: 0.03 });
    const race = await raceBackends(['cpu', 'webgl', 'wasm'], s.use, s.time);
    expect(race.name).toBe('wasm');
    expect(race.timings.map((t) => t.name)).toEqual(['wasm', 'webgl']);
    expect(describeTimings(race.timings, 'a GPU')).toBe('WASM (our kernels on the CPU) 30 ms a step; WebGL (a GPU) failed (out of GPU memory)');
    const broken = stubs({ webgl: Number.NaN });
    await expect(raceBackends(['webgl'], broken.use, broken.time)).rejects.toThrow('No backend could train this model here (webgl: out of GPU memory)');
  });

  it('says a step in milliseconds or seconds', () => {
    expect([stepTime(0.0004), stepTime(0.042), stepTime(3.14)]).toEqual(['1 ms', '42 ms', '3.1 s']);
  });
});
