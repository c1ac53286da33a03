// A helper thread of the GPT engine (src/kernels/gpt/engine.ts): instantiates the kernels' build with shared
// memory on the engine's memory, says so, and runs their `serve` loop, taking chunks of each large product as it is free, until
// the engine stops it.

import type { HelperStart } from './kernels';

self.onmessage = async (event: MessageEvent<HelperStart>) => {
  const { module, memory, control } = event.data;
  const instance = await WebAssembly.instantiate(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('A WebAssembly kernel aborted in the helper thread.');
      },
    },
  });
  self.postMessage('serving');
  (instance.exports.serve as (control: number) => void)(control);
};
