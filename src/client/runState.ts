// What a lesson page shows of its training run, and every way it changes, as a pure reducer: useTrainingRun
// dispatches these actions as the worker answers, and test/unit/runState.test.ts walks them without a browser.

import type { LossPoint, TrainProgress } from '../train/types';
import type { RunState } from '../ui/TrainControls';

/** Every loss the worker streamed for the model on the page: per step, held-out, and per finished epoch. */
export interface LossHistory {
  steps: LossPoint[];
  validation: LossPoint[];
  epochs: { epoch: number; loss: number }[];
}

export const emptyHistory = (): LossHistory => ({ steps: [], validation: [], epochs: [] });

export interface RunView {
  run: RunState;
  /** A call is preparing (loading, creating) and the controls wait. */
  busy: boolean;
  progress?: TrainProgress;
  history: LossHistory;
  error?: string;
  /** What the page says about the model as it is ("Restored …"). */
  note?: string;
}

export const initialRun: RunView = { run: 'idle', busy: false, history: emptyHistory() };

export type RunAction =
  /** A Train, Step or Resume was pressed: the last error goes, the controls wait. */
  | { type: 'begin' }
  /** A new model was made: its curves start empty. */
  | { type: 'created' }
  /** The worker trains: a note about the model as it was is stale now. */
  | { type: 'running' }
  /** A progress message: its new points join the history. */
  | { type: 'progress'; progress: TrainProgress }
  /** The worker returned at `step` of `totalSteps`. */
  | { type: 'finished'; step: number; totalSteps: number }
  /** The call failed with `message`: a running run is paused, its model kept. */
  | { type: 'failed'; message: string }
  /** The call is over, whichever way. */
  | { type: 'settled' }
  /** Back to nothing trained (Reset, a new worker, a lost WebGL context). */
  | { type: 'clear' }
  /** A model came back from its checkpoint at `at`, with its saved curves. */
  | { type: 'restored'; at: { step: number; totalSteps: number; epoch?: number }; note: string; saved?: Partial<LossHistory> }
  | { type: 'set'; patch: Partial<Pick<RunView, 'run' | 'error' | 'note' | 'progress'>> };

export function runReducer(state: RunView, action: RunAction): RunView {
  switch (action.type) {
    case 'begin':
      return { ...state, error: undefined, busy: true };
    case 'created':
      return { ...state, history: emptyHistory(), progress: undefined };
    case 'running':
      return { ...state, note: undefined, run: 'running', busy: false };
    case 'progress': {
      const { points, validation, epochMeans } = action.progress;
      const h = state.history;
      const history = {
        steps: points.length > 0 ? h.steps.concat(points) : h.steps,
        validation: validation?.length ? h.validation.concat(validation) : h.validation,
        epochs: epochMeans?.length ? h.epochs.concat(epochMeans) : h.epochs,
      };
      return { ...state, progress: action.progress, history };
    }
    case 'finished':
      return { ...state, run: action.step >= action.totalSteps ? 'done' : 'paused' };
    case 'failed':
      return { ...state, error: action.message, run: state.run === 'running' ? 'paused' : state.run };
    case 'settled':
      return { ...state, busy: false };
    case 'clear':
      return { ...state, run: 'idle', busy: false, progress: undefined, history: emptyHistory(), note: undefined };
    case 'restored': {
      const { at } = action;
      return {
        ...state,
        history: { ...emptyHistory(), ...action.saved },
        progress: { points: [], step: at.step, totalSteps: at.totalSteps, examplesPerSecond: 0, secondsLeft: Number.NaN, epoch: at.epoch },
        run: at.step >= at.totalSteps ? 'done' : 'paused',
        note: action.note,
      };
    }
    case 'set':
      return { ...state, ...action.patch };
  }
}
