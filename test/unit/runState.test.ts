// The run state of a lesson page as a reducer: each action a run goes through, in the order the page sees them.
import { describe, expect, it } from 'vitest';
import { initialRun, type RunAction, runReducer } from '../../src/client/runState';

const progress = (step: number, losses: number[], extra: object = {}) => ({
  type: 'progress' as const,
  progress: {
    points: losses.map((loss, i) => ({ step: step - losses.length + i + 1, loss })),
    step,
    totalSteps: 10,
    examplesPerSecond: 5,
    secondsLeft: 1,
    ...extra,
  },
});
const run = (actions: RunAction[]) => actions.reduce(runReducer, initialRun);

describe('a training run, step by step', () => {
  it('creates, runs, collects every point once in order, and ends paused or done', () => {
    const paused = run([
      { type: 'begin' },
      { type: 'created' },
      { type: 'running' },
      progress(2, [3, 2.5]),
      progress(4, [2.2, 2.0]),
      { type: 'finished', step: 4, totalSteps: 10 },
      { type: 'settled' },
    ]);
    expect(paused.run).toBe('paused');
    expect(paused.busy).toBe(false);
    expect(paused.history.steps).toEqual([
      { step: 1, loss: 3 },
      { step: 2, loss: 2.5 },
      { step: 3, loss: 2.2 },
      { step: 4, loss: 2 },
    ]);
    expect(paused.progress?.step).toBe(4);
    const done = run([{ type: 'begin' }, { type: 'running' }, progress(10, [1]), { type: 'finished', step: 10, totalSteps: 10 }]);
    expect(done.run).toBe('done');
  });

  it('keeps validation points and epoch means apart from the steps', () => {
    const state = run([progress(1, [2], { validation: [{ step: 1, loss: 2.4 }] }), progress(2, [1.5], { epochMeans: [{ epoch: 0, loss: 1.8 }] })]);
    expect(state.history.validation).toEqual([{ step: 1, loss: 2.4 }]);
    expect(state.history.epochs).toEqual([{ epoch: 0, loss: 1.8 }]);
    expect(state.history.steps).toHaveLength(2);
  });

  it('does not change the history it was given (a render may still hold it)', () => {
    const before = run([progress(1, [2])]);
    const kept = before.history.steps;
    runReducer(before, progress(2, [1]));
    expect(kept).toHaveLength(1);
  });

  it('pauses a failed run and says why, clears the error when the next call begins, and leaves an idle page idle', () => {
    const failed = run([{ type: 'begin' }, { type: 'running' }, progress(1, [2]), { type: 'failed', message: 'The worker stopped.' }]);
    expect(failed).toMatchObject({ run: 'paused', error: 'The worker stopped.' });
    expect(runReducer(failed, { type: 'begin' })).toMatchObject({ error: undefined, busy: true, run: 'paused' });
    expect(run([{ type: 'begin' }, { type: 'failed', message: 'Load a book first.' }])).toMatchObject({ run: 'idle', error: 'Load a book first.' });
  });

  it('starts a new model’s curves empty, and a new run drops a note about the model as it was', () => {
    const restored = run([
      { type: 'restored', at: { step: 3, totalSteps: 10 }, note: 'Restored the model saved at step 3.', saved: { steps: [{ step: 3, loss: 1 }] } },
    ]);
    expect(restored).toMatchObject({ run: 'paused', note: 'Restored the model saved at step 3.' });
    expect(restored.history.steps).toHaveLength(1);
    expect(restored.progress).toMatchObject({ step: 3, totalSteps: 10 });
    expect(runReducer(restored, { type: 'running' }).note).toBeUndefined();
    expect(runReducer(restored, { type: 'created' }).history.steps).toEqual([]);
    const finished = run([{ type: 'restored', at: { step: 10, totalSteps: 10 }, note: 'done' }]);
    expect(finished.run).toBe('done');
  });

  it('clears back to nothing trained, keeping an error the page set after', () => {
    const cleared = run([
      { type: 'begin' },
      { type: 'running' },
      progress(5, [1]),
      { type: 'clear' },
      { type: 'set', patch: { error: 'The WebGL context was lost.' } },
    ]);
    expect(cleared).toMatchObject({ run: 'idle', busy: false, progress: undefined, note: undefined, error: 'The WebGL context was lost.' });
    expect(cleared.history).toEqual({ steps: [], validation: [], epochs: [] });
  });
});
