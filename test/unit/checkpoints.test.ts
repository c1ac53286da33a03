import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkpointsAvailable, deleteCheckpoint, listCheckpoints, loadCheckpoint, saveCheckpoint } from '../../src/lib/checkpoints';
import { adoptCheckpoint, checkpointOwner, type Session, SessionSlot } from '../../src/train/session';

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
    await saveCheckpoint('test/model', { step: 4 }, { tab: 'a', savedAt: 7 });
    expect(await loadCheckpoint('test/model')).toEqual({ step: 4 });
    await saveCheckpoint('test/other', { step: 9 });
    expect((await listCheckpoints()).find((c) => c.key === 'test/model')).toEqual({ key: 'test/model', tab: 'a', savedAt: 7 });
    await deleteCheckpoint('test/model');
    expect(await loadCheckpoint('test/model')).toBeUndefined();
    expect((await listCheckpoints()).map((c) => c.key)).not.toContain('test/model');
    expect(await loadCheckpoint('test/other')).toEqual({ step: 9 });
  });
});

/** A session that is only its checkpoint. */
class Stub implements Session {
  constructor(readonly step: number) {}
  dispose(): void {}
}

describe("a tab's checkpoints", () => {
  const slot = new SessionSlot<Stub>('tabs-test', 'stub');
  const saveAs = async (tab: string, step: number, at: number) => {
    checkpointOwner.tab = tab;
    vi.setSystemTime(at);
    await slot.save(() => ({ step }));
  };
  const loadAs = async (tab: string) => {
    checkpointOwner.tab = tab;
    return (await slot.load<{ step: number }>())?.step;
  };
  const keys = async () => (await listCheckpoints()).map((c) => c.key).filter((k) => k.startsWith('tabs-test'));
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    checkpointOwner.tab = undefined;
  });

  it('are its own: two tabs training the same lesson keep both models, and a tab without one is offered the newest', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await saveAs('a', 10, 1000);
    await saveAs('b', 20, 2000);
    // Neither overwrote the other.
    expect(await loadAs('a')).toBe(10);
    expect(checkpointOwner.refused.has('tabs-test')).toBe(false);
    expect(await loadAs('b')).toBe(20);
    // A third tab has none: it loads nothing, and the newest other one (b's) is offered.
    expect(await loadAs('c')).toBeUndefined();
    expect(checkpointOwner.refused.get('tabs-test')).toEqual({ what: 'stub', savedAt: 2000, from: 'tabs-test@b' });
    await adoptCheckpoint('tabs-test');
    expect(checkpointOwner.refused.has('tabs-test')).toBe(false);
    expect(await loadAs('c')).toBe(20);
    // Its copy is its own: it trains on, and b's stays as it was.
    await saveAs('c', 30, 3000);
    expect(await loadAs('b')).toBe(20);
    expect(await loadAs('c')).toBe(30);
    // Forgetting (Reset) deletes only the tab's own.
    checkpointOwner.tab = 'c';
    await slot.forget();
    expect(await keys()).toEqual(['tabs-test@a', 'tabs-test@b']);
    // One saved before checkpoints had a tab in their key is another tab's too: offered, not loaded.
    await saveCheckpoint('tabs-test', { step: 5 }, { savedAt: 4000 });
    expect(await loadAs('d')).toBeUndefined();
    expect(checkpointOwner.refused.get('tabs-test')?.from).toBe('tabs-test');
    for (const key of await keys()) await deleteCheckpoint(key);
  });

  it('of closed tabs are pruned to the newest one when a tab saves, the open tabs keeping theirs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let open = ['a', 'b', 'c', 'd'];
    vi.stubGlobal('navigator', { locks: { query: async () => ({ held: open.map((tab) => ({ name: `tensor-tutor-tab:${tab}` })) }) } });
    await saveAs('a', 1, 1000);
    await saveAs('b', 2, 2000);
    await saveAs('c', 3, 3000);
    expect(await keys()).toEqual(['tabs-test@a', 'tabs-test@b', 'tabs-test@c']);
    // a and b are closed: when d saves, b's (the newest of the closed tabs') stays for a new visit to be offered.
    open = ['c', 'd'];
    await saveAs('d', 4, 4000);
    expect(await keys()).toEqual(['tabs-test@b', 'tabs-test@c', 'tabs-test@d']);
    expect(await loadAs('e')).toBeUndefined();
    expect(checkpointOwner.refused.get('tabs-test')?.from).toBe('tabs-test@d');
    // Where the open tabs cannot be known, nothing is pruned.
    vi.stubGlobal('navigator', {});
    await saveAs('e', 5, 5000);
    expect(await keys()).toHaveLength(4);
    for (const key of await keys()) await deleteCheckpoint(key);
  });
});
