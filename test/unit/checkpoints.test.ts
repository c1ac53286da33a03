import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { checkpointsAvailable, deleteCheckpoint, loadCheckpoint, saveCheckpoint } from '../../src/lib/checkpoints';

describe('checkpoints in IndexedDB', () => {
  it('stores, replaces and deletes values, typed arrays included', async () => {
    expect(checkpointsAvailable()).toBe(true);
    expect(await loadCheckpoint('test/none')).toBeUndefined();
    const weights = Float32Array.from([0.5, -1.25, 3]);
    await saveCheckpoint('test/model', { step: 3, weights, points: [{ step: 1, loss: 2.5 }] });
    const loaded = await loadCheckpoint<{ step: number; weights: Float32Array; points: { step: number; loss: number }[] }>('test/model');
    expect(loaded?.step).toBe(3);
    expect(loaded?.weights).toBeInstanceOf(Float32Array);
    expect(Array.from(loaded!.weights)).toEqual([0.5, -1.25, 3]);
    expect(loaded?.points).toEqual([{ step: 1, loss: 2.5 }]);
    await saveCheckpoint('test/model', { step: 4 });
    expect(await loadCheckpoint('test/model')).toEqual({ step: 4 });
    await saveCheckpoint('test/other', { step: 9 });
    await deleteCheckpoint('test/model');
    expect(await loadCheckpoint('test/model')).toBeUndefined();
    expect(await loadCheckpoint('test/other')).toEqual({ step: 9 });
  });
});
