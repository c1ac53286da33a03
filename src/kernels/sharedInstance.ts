// An instance of the kernels on shared memory (kernels-threads.wasm) and the helper thread that serves its control
// block: what lets an engine split its products over two threads (the GPT's, Lesson 2's CBOW products).

import { CONTROL_WORDS, type KernelExports, Kernels, type KernelThreads } from './kernels';

/** Pages of the shared memory at the start and at most (kernels-threads.wasm's --initialMemory and --maximumMemory). */
const SHARED_PAGES = { initial: 16, maximum: 32768 };
/** How long a helper thread may take to start before the engine runs on one thread. */
const HELPER_START_MS = 10_000;

/** A new instance of the threads build on memory of its own, shared. */
export async function sharedInstance(threads: KernelThreads): Promise<{ k: KernelExports; memory: WebAssembly.Memory }> {
  const memory = new WebAssembly.Memory({ ...SHARED_PAGES, shared: true });
  const imports = {
    env: {
      memory,
      abort: () => {
        throw new Error('A WebAssembly kernel aborted.');
      },
    },
  };
  const instance = await WebAssembly.instantiate(threads.module, imports);
  return { k: { ...(instance.exports as unknown as KernelExports), memory }, memory };
}

/**
 * `shared(threads)`, an engine on two threads, where the build with shared memory is loaded and its helper starts;
 * else, said once in the console, `alone()` on one.
 */
export async function twoThreadsOr<T>(kernels: Kernels, what: string, shared: (threads: KernelThreads) => Promise<T>, alone: () => Promise<T>): Promise<T> {
  if (kernels.threads) {
    try {
      return await shared(kernels.threads);
    } catch (error) {
      console.warn(`${what} runs on one thread: its helper thread did not start.`, error);
    }
  }
  return alone();
}

/** Starts the helper thread serving `control` on `memory`; rejects if it is not serving within HELPER_START_MS. */
export async function startHelperOn(threads: KernelThreads, memory: WebAssembly.Memory, control: number): Promise<{ terminate(): void }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no helper thread after ${HELPER_START_MS / 1000} s`)), HELPER_START_MS);
  });
  try {
    return await Promise.race([threads.startHelper({ module: threads.module, memory, control }), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kernels with their bump allocator (Lesson 5's passes) on shared memory, a helper thread serving their control
 * block (kept below the allocator's base, so no pass frees it): their products and softmax split over two threads.
 * `kernels` itself where there is no threads build or its helper does not start.
 */
export function kernelsOnTwoThreads(kernels: Kernels): Promise<Kernels> {
  return twoThreadsOr(
    kernels,
    "Lesson 5's kernels",
    async (threads) => {
      const { k, memory } = await sharedInstance(threads);
      const control = memory.buffer.byteLength;
      memory.grow(1);
      new Int32Array(memory.buffer, control, CONTROL_WORDS).fill(0);
      const shared = new Kernels(k, kernels.instantiate, threads);
      await startHelperOn(threads, memory, control);
      shared.control = control;
      return shared;
    },
    async () => kernels,
  );
}
