// The training loop every lesson shares: run steps, stream new loss points about four times a second,
// and stop between steps when asked. Stop keeps the model; only the caller can free it.

/** Gives the event loop a turn (so a `pause` message can arrive) without setTimeout's 4 ms clamp. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface LoopOptions {
  /** Steps already done before this call, and the total the run aims at. */
  startStep: number;
  totalSteps: number;
  /** At most this many steps in this call (1 for the Step button). */
  maxSteps: number;
  /** Training examples in one step, for the throughput figure. */
  examplesPerStep: number;
  /** Runs one step and returns its loss (a promise for steps that yield inside, like chunked batches). */
  step: () => number | Promise<number>;
  /** Checked between steps: true ends the loop early. */
  shouldStop: () => boolean;
  onProgress: (p: { points: { step: number; loss: number }[]; step: number; totalSteps: number; examplesPerSecond: number; secondsLeft: number }) => void;
  /** Minimum time between progress messages, ms. */
  reportEveryMs?: number;
  now?: () => number;
}

/** The rate behind the time left and the throughput is smoothed over about this many seconds of the run. */
export const RATE_SMOOTHING_S = 20;

export interface LoopResult {
  step: number;
  paused: boolean;
  lastLoss: number;
  seconds: number;
}

/**
 * Runs `step` until `totalSteps`, `maxSteps` more, or `shouldStop()`. Sends every loss point exactly once,
 * in order, in progress messages at most every `reportEveryMs`, and always a last one before returning.
 */
export async function runLoop(opts: LoopOptions): Promise<LoopResult> {
  const now = opts.now ?? (() => performance.now());
  // Four messages a second: ten made the page redraw its progress often enough to slow a 2-core machine's run
  // (Lesson 9's 2,000 steps: about 181 s at ten, 171 s at four).
  const every = opts.reportEveryMs ?? 250;
  const start = now();
  let step = opts.startStep;
  const end = Math.min(opts.totalSteps, opts.startStep + opts.maxSteps);
  let pending: { step: number; loss: number }[] = [];
  let lastLoss = Number.NaN;
  let lastReport = start;
  let stepsSinceReport = 0;
  let paused = false;
  // Steps per second, measured on this run and smoothed over about RATE_SMOOTHING_S seconds (an exponential
  // average weighted by time): a slow step (a validation pass, a busy moment) moves it a little, a machine that
  // stays busier moves it all the way.
  let rate: number | undefined;
  const report = (t: number) => {
    const seconds = Math.max(1e-6, (t - lastReport) / 1000);
    if (stepsSinceReport > 0) {
      const instant = stepsSinceReport / seconds;
      rate = rate === undefined ? instant : rate + (1 - Math.exp(-seconds / RATE_SMOOTHING_S)) * (instant - rate);
    }
    const stepsPerSecond = rate ?? 0;
    const examplesPerSecond = stepsPerSecond * opts.examplesPerStep;
    opts.onProgress({
      points: pending,
      step,
      totalSteps: opts.totalSteps,
      examplesPerSecond,
      secondsLeft: stepsPerSecond > 0 ? (opts.totalSteps - step) / stepsPerSecond : Number.POSITIVE_INFINITY,
    });
    pending = [];
    lastReport = t;
    stepsSinceReport = 0;
  };
  let lastYield = start;
  while (step < end) {
    if (opts.shouldStop()) {
      paused = true;
      break;
    }
    lastLoss = await opts.step();
    step++;
    stepsSinceReport++;
    pending.push({ step, loss: lastLoss });
    const t = now();
    if (t - lastReport >= every) report(t);
    if (t - lastYield >= 15) {
      await yieldToEvents();
      lastYield = now();
    }
  }
  if (pending.length > 0 || stepsSinceReport > 0 || step === opts.startStep) report(now());
  return { step, paused, lastLoss, seconds: (now() - start) / 1000 };
}
