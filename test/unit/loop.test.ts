import { describe, expect, it } from 'vitest';
import { runLoop } from '../../src/train/loop';

/** A clock that advances `dt` ms each time it is read. */
const fakeClock = (dt: number) => {
  let t = 0;
  return () => (t += dt);
};

describe('runLoop', () => {
  it('sends every loss point exactly once, in order, in batches, with a final report', async () => {
    const reports: { points: { step: number; loss: number }[]; step: number }[] = [];
    let k = 0;
    const result = await runLoop({
      startStep: 0,
      totalSteps: 50,
      maxSteps: Infinity,
      examplesPerStep: 10,
      step: () => 100 - k++,
      shouldStop: () => false,
      onProgress: (p) => reports.push({ points: p.points, step: p.step }),
      reportEveryMs: 100,
      now: fakeClock(10),
    });
    expect(result).toMatchObject({ step: 50, paused: false, lastLoss: 51 });
    const all = reports.flatMap((r) => r.points);
    expect(all.map((p) => p.step)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(all.map((p) => p.loss)).toEqual(Array.from({ length: 50 }, (_, i) => 100 - i));
    expect(reports.length).toBeGreaterThan(3);
    expect(reports.length).toBeLessThan(20);
    for (const r of reports) expect(r.step).toBe(r.points[r.points.length - 1].step);
  });

  it('stops between steps when asked and reports where it stopped', async () => {
    let calls = 0;
    const result = await runLoop({
      startStep: 10,
      totalSteps: 100,
      maxSteps: Infinity,
      examplesPerStep: 1,
      step: () => ++calls,
      shouldStop: () => calls >= 5,
      onProgress: () => {},
      now: fakeClock(1),
    });
    expect(result).toMatchObject({ step: 15, paused: true });
  });

  it('runs at most maxSteps (the Step button) and continues from startStep', async () => {
    const steps: number[] = [];
    const result = await runLoop({
      startStep: 7,
      totalSteps: 100,
      maxSteps: 1,
      examplesPerStep: 1,
      step: () => 0.5,
      shouldStop: () => false,
      onProgress: (p) => steps.push(...p.points.map((q) => q.step)),
      now: fakeClock(1),
    });
    expect(result).toMatchObject({ step: 8, paused: false });
    expect(steps).toEqual([8]);
  });

  it('estimates the time left from the run’s own rate, smoothed: one slow step barely moves it, a lasting slowdown does', async () => {
    let t = 0;
    let i = 0;
    const left: { step: number; secondsLeft: number; examplesPerSecond: number }[] = [];
    await runLoop({
      startStep: 0,
      totalSteps: 600,
      maxSteps: Infinity,
      examplesPerStep: 10,
      // 100 ms a step; step 30 takes 5 s (a validation pass); from step 200 on the machine is twice as slow.
      step: () => {
        i++;
        t += i === 30 ? 5000 : i > 200 ? 200 : 100;
        return 1;
      },
      shouldStop: () => false,
      onProgress: (p) => left.push({ step: p.step, secondsLeft: p.secondsLeft, examplesPerSecond: p.examplesPerSecond }),
      reportEveryMs: 100,
      now: () => t,
    });
    const at = (step: number) => left.find((r) => r.step === step)!;
    expect(at(29).secondsLeft).toBeCloseTo((600 - 29) / 10, 0);
    // Measured on the last interval alone, step 30 would say (600 - 30) x 5 s = 47 minutes.
    expect(at(30).secondsLeft).toBeLessThan(2 * (600 - 30) * 0.1 + 5);
    expect(at(30).secondsLeft).toBeGreaterThan((600 - 30) * 0.1);
    // After 60 s at 200 ms a step, the estimate has followed: within 10 % of 200 ms x the steps left.
    expect(Math.abs(at(500).secondsLeft - (600 - 500) * 0.2) / ((600 - 500) * 0.2)).toBeLessThan(0.1);
    expect(Math.abs(at(500).examplesPerSecond - 50) / 50).toBeLessThan(0.1);
  });
});
