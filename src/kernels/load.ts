// Which build of the kernels this browser runs, decided once here: relaxed SIMD (fused multiply-add) where it
// compiles, else plain SIMD; and where the page is cross-origin isolated, the build with shared memory too, for
// a second thread. The worker hands this to its context, which loads it on the first model that asks.

import { type Kernels, type KernelThreads, loadKernels } from './kernels';
import kernelsUrl from './kernels.wasm?url';
import kernelsRelaxedUrl from './kernels-relaxed.wasm?url';
import kernelsThreadsUrl from './kernels-threads.wasm?url';
import { startWorkerHelper } from './startHelper';

/** The kernels in the best build this browser runs. */
export async function loadFastKernels(): Promise<Kernels> {
  const relaxed = await (await fetch(kernelsRelaxedUrl)).arrayBuffer();
  if (!WebAssembly.validate(relaxed)) return loadKernels(await (await fetch(kernelsUrl)).arrayBuffer());
  return loadKernels(relaxed, await kernelThreads());
}

/** The kernels' build with shared memory and a way to start its helper, where threads can run; else undefined. */
async function kernelThreads(): Promise<KernelThreads | undefined> {
  if (!self.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined') return undefined;
  try {
    const bytes = await (await fetch(kernelsThreadsUrl)).arrayBuffer();
    if (!WebAssembly.validate(bytes)) return undefined;
    return { module: await WebAssembly.compile(bytes), startHelper: startWorkerHelper };
  } catch (error) {
    console.warn('The kernels’ build with shared memory did not load: one thread.', error);
    return undefined;
  }
}
