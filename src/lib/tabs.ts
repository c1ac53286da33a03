// Which tab this is, and which of this site's tabs are open. A tab's id is kept in sessionStorage, so a reload
// keeps it and another tab has its own; each page holds a Web Lock named after its id for as long as it lives,
// so that any context of the origin (a worker too) can list the tabs open. A duplicated tab starts with a copy
// of the sessionStorage of the tab it came from: finding that id's lock held, it takes a new id.
// Where the browser has no Web Locks, nothing is known of the other tabs.

const PREFIX = 'tensor-tutor-tab:';
const STORAGE_KEY = 'tensor-tutor-tab';
/** How long a page waits for its id's lock: the page it replaces on a reload lets go of it within this. */
const CLAIM_WAIT_MS = 1500;

let claimed: string | undefined;

const webLocks = (): LockManager | undefined => (typeof navigator === 'undefined' ? undefined : navigator.locks);

function storedId(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return 'this-tab'; // no sessionStorage: every tab shares one id
  }
}

function newId(): string {
  const id = crypto.randomUUID();
  try {
    sessionStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Not kept: a reload will be a new visit.
  }
  return id;
}

/** Holds the lock of `id` until the page goes; false if another page holds it for longer than `waitMs`. */
function hold(locks: LockManager, id: string, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    locks
      .request(`${PREFIX}${id}`, { signal: AbortSignal.timeout(waitMs) }, () => {
        resolve(true);
        return new Promise<never>(() => undefined);
      })
      .catch(() => resolve(false));
  });
}

/** Settles this page's tab id (before the worker starts), holding its lock. */
export async function claimTab(): Promise<string> {
  let id = storedId() ?? newId();
  const locks = webLocks();
  if (locks && !(await hold(locks, id, CLAIM_WAIT_MS))) {
    id = newId();
    await hold(locks, id, CLAIM_WAIT_MS);
  }
  claimed = id;
  return id;
}

/** This tab's id: the one claimed, or (before any claim) the one stored, or a new one. */
export function tabId(): string {
  claimed ??= storedId() ?? newId();
  return claimed;
}

/** The ids of the tabs open now, or undefined where that cannot be known. */
export async function liveTabs(): Promise<Set<string> | undefined> {
  const locks = webLocks();
  if (!locks) return undefined;
  try {
    const { held = [] } = await locks.query();
    return new Set(held.flatMap(({ name }) => (name?.startsWith(PREFIX) ? [name.slice(PREFIX.length)] : [])));
  } catch {
    return undefined;
  }
}
