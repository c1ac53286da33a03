// Checkpoints in IndexedDB, so that a trained model survives a reload. Values are stored by structured
// clone (typed arrays included); works on the page and in a worker. Beside each value a small record says
// which tab saved it and when, so that a tab can list the checkpoints there are without reading them.

const DB_NAME = 'tensor-tutor';
const STORE = 'checkpoints';
const ABOUT = 'about';

/** Who saved a checkpoint, and when. */
export interface CheckpointAbout {
  tab?: string;
  savedAt?: number;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of [STORE, ABOUT]) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs `use` in one transaction over both stores; resolves with what it returns once the transaction is done. */
async function transact<T>(mode: IDBTransactionMode, use: (checkpoints: IDBObjectStore, about: IDBObjectStore) => () => T): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction([STORE, ABOUT], mode);
      const result = use(tx.objectStore(STORE), tx.objectStore(ABOUT));
      tx.oncomplete = () => resolve(result());
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('The checkpoint transaction was aborted.'));
    });
  } finally {
    db.close();
  }
}

/** True where this browser context can store checkpoints. */
export const checkpointsAvailable = (): boolean => typeof indexedDB !== 'undefined';

/** Stores `value` under `key`, replacing what was there, with who saved it and when. */
export function saveCheckpoint<T>(key: string, value: T, about: CheckpointAbout = {}): Promise<void> {
  return transact('readwrite', (checkpoints, saved) => {
    checkpoints.put(value, key);
    saved.put({ savedAt: Date.now(), ...about }, key);
    return () => undefined;
  });
}

/** The value stored under `key`, or undefined. */
export function loadCheckpoint<T>(key: string): Promise<T | undefined> {
  return transact('readonly', (checkpoints) => {
    const request = checkpoints.get(key) as IDBRequest<T | undefined>;
    return () => request.result;
  });
}

/** Removes the value stored under `key`. */
export function deleteCheckpoint(key: string): Promise<void> {
  return transact('readwrite', (checkpoints, saved) => {
    checkpoints.delete(key);
    saved.delete(key);
    return () => undefined;
  });
}

/** Every key stored, with who saved it and when where that was recorded (checkpoints saved before it was are bare). */
export function listCheckpoints(): Promise<({ key: string } & CheckpointAbout)[]> {
  return transact('readonly', (checkpoints, saved) => {
    const keys = checkpoints.getAllKeys();
    const aboutKeys = saved.getAllKeys();
    const abouts = saved.getAll() as IDBRequest<CheckpointAbout[]>;
    return () => {
      const known = new Map(aboutKeys.result.map((key, i) => [String(key), abouts.result[i]]));
      return keys.result.map((key) => ({ ...known.get(String(key)), key: String(key) }));
    };
  });
}
