// The worker's own benchmark (npm run bench drives it through bench.html); each lesson's benchmarks are in its
// slice (bench.ts in its folder). Types only.

export interface BenchApi {
  /** n x n matmul throughput (or [m, k] x [k, n] for `shape` [m, k, n]). */
  benchMatmul(n: number, seconds: number, shape?: [number, number, number]): Promise<{ gflops: number; runs: number }>;
  /**
   * Our element-wise kernels on one thread, each for `seconds` on 393,216 floats (the LSTM cell on 96 x 1,024 units):
   * nanoseconds an element; undefined where the kernels did not load (a GPU backend).
   */
  benchKernels(seconds: number): Promise<{ name: string; ns: number }[] | undefined>;
}
