// Lesson 5 on the worker side: the sweep over sequence lengths, one fresh model per (length, cell), and the
// last model of each cell, kept so that the page can look inside it.

import type { Kernels } from '../../kernels/kernels';
import { DataError } from '../../lib/errors';
import { yieldToEvents } from '../../train/loop';
import type { ShouldStop } from '../../train/session';
import type { MemorySweepConfig, MemorySweepEstimate, MemorySweepPoint, MemorySweepProgress } from './api';
import { disposeMemoryWeights, lookInside, MemoryTrainer, type MemoryWeights, trainMemory } from './memory';
import type { CellKind } from './meta';

/** Progress messages at most this often (the last epoch of each model always reports). */
const REPORT_EVERY_MS = 150;

export class MemorySweep {
  private kept: Partial<Record<CellKind, { weights: MemoryWeights; length: number; vocab: number }>> = {};

  /** Checks that every length leaves room for sequences among the numbers 0..V-1. */
  static check(config: MemorySweepConfig): void {
    for (const length of config.lengths) {
      if (length >= config.vocab) throw new DataError(`L = ${length} leaves no sequence among the numbers 0 to ${config.vocab - 1}: raise V or shorten L.`);
    }
  }

  /**
   * Trains every (length, cell) of `config` in turn, sending each point as it lands; `shouldStop` ends it between
   * epochs. With `kernels`, each epoch is one pass of the WebAssembly kernels (see MemoryTrainer).
   */
  async run(
    config: MemorySweepConfig,
    shouldStop: ShouldStop,
    onPoint: (p: MemorySweepPoint) => void,
    onProgress?: (p: MemorySweepProgress) => void,
    kernels?: Kernels,
  ) {
    MemorySweep.check(config);
    const points: MemorySweepPoint[] = [];
    let lastReport = 0;
    for (const length of config.lengths) {
      for (const cell of config.cells) {
        if (config.done?.some((d) => d.cell === cell && d.length === length)) continue;
        if (shouldStop()) return { stopped: true, points };
        const started = performance.now();
        const result = await trainMemory(
          { cell, length, vocab: config.vocab, hidden: config.hidden, epochs: config.epochs, learningRate: config.learningRate, seed: config.seed },
          {
            keep: true,
            kernels,
            shouldStop,
            between: yieldToEvents,
            onEpoch: (epoch, loss) => {
              const now = performance.now();
              if (now - lastReport > REPORT_EVERY_MS || epoch === config.epochs - 1) {
                lastReport = now;
                onProgress?.({ cell, length, epoch, epochs: config.epochs, loss });
              }
            },
          },
        );
        if (result.stopped) {
          if (result.model) disposeMemoryWeights(result.model);
          return { stopped: true, points };
        }
        const previous = this.kept[cell];
        if (previous) disposeMemoryWeights(previous.weights);
        this.kept[cell] = { weights: result.model!, length, vocab: config.vocab };
        const point = {
          cell,
          length,
          accuracy: result.accuracy,
          finalLoss: result.losses[result.losses.length - 1],
          seconds: (performance.now() - started) / 1000,
        };
        points.push(point);
        onPoint(point);
      }
    }
    return { stopped: false, points };
  }

  /**
   * How long `config` will take here, timed rather than guessed: two epochs of each cell at the longest length
   * (after one to warm up), scaled to every model by its positions L (V - L) and its epochs.
   */
  static async estimate(config: MemorySweepConfig, kernels?: Kernels): Promise<MemorySweepEstimate> {
    MemorySweep.check(config);
    const longest = Math.max(...config.lengths);
    const positions = (length: number) => length * (config.vocab - length);
    const msPerEpoch = {} as Record<CellKind, number>;
    for (const cell of config.cells) {
      const trainer = new MemoryTrainer({ ...config, cell, length: longest, epochs: 3 }, kernels);
      try {
        trainer.trainEpoch();
        await yieldToEvents();
        let ms = 0;
        for (let e = 0; e < 2; e++) {
          const start = performance.now();
          trainer.trainEpoch();
          ms += performance.now() - start;
          await yieldToEvents();
        }
        msPerEpoch[cell] = ms / 2;
      } finally {
        trainer.dispose();
      }
    }
    const models = config.lengths.flatMap((length) =>
      config.cells.map((cell) => ({ cell, length, seconds: (msPerEpoch[cell] * config.epochs * positions(length)) / positions(longest) / 1000 })),
    );
    return { seconds: models.reduce((sum, m) => sum + m.seconds, 0), models };
  }

  /** Inside the last trained model of `cell`, on the sequence item, item+1, .... */
  inspect(cell: CellKind, item: number) {
    const kept = this.kept[cell];
    if (!kept)
      throw new DataError(
        `There is no trained ${cell.toUpperCase()} in this tab yet (a reload keeps the sweep's points, not its models): run or continue the sweep first.`,
      );
    const items = kept.vocab - kept.length;
    if (!Number.isInteger(item) || item < 0 || item >= items) throw new DataError(`Pick a sequence from 0 to ${items - 1}.`);
    const sequence = Array.from({ length: kept.length }, (_, t) => item + t);
    return { ...lookInside(cell, kept.weights, sequence), length: kept.length, vocab: kept.vocab };
  }

  dispose(): void {
    for (const kept of Object.values(this.kept)) disposeMemoryWeights(kept.weights);
    this.kept = {};
  }
}
