import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/unit/setup.ts'],
          // Node 20 runs WebAssembly's relaxed SIMD (fused multiply-add) behind this flag; later Nodes and Chromium without it.
          execArgv: Number(process.versions.node.split('.')[0]) <= 20 ? ['--experimental-wasm-relaxed-simd'] : [],
          // The unit tests first, then the browser: on two cores, tfjs in Node beside Chromium stretches the
          // main-thread tasks the end-to-end tests bound.
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/globalSetup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
