// Checkpoints in IndexedDB, so that a trained model survives a reload. Values are stored by structured
// clone (typed arrays included); works on the page and in a worker.

const DB_NAME = 'tensor-tutor';
const STORE = 'checkpoints';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = use(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('The checkpoint transaction was aborted.'));
    });
  } finally {
    db.close();
  }
}

/** True where this browser context can store checkpoints. */
export const checkpointsAvailable = (): boolean => typeof indexedDB !== 'undefined';

/** Stores `value` under `key`, replacing what was there. */
export function saveCheckpoint<T>(key: string, value: T): Promise<IDBValidKey> {
  return withStore('readwrite', (store) => store.put(value, key));
}

/** The value stored under `key`, or undefined. */
export function loadCheckpoint<T>(key: string): Promise<T | undefined> {
  return withStore('readonly', (store) => store.get(key) as IDBRequest<T | undefined>);
}

/** Removes the value stored under `key`. */
export function deleteCheckpoint(key: string): Promise<undefined> {
  return withStore('readwrite', (store) => store.delete(key));
}
