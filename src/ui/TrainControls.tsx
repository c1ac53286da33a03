export type RunState = 'idle' | 'running' | 'paused' | 'done';

/**
 * Train / pause / resume / step / reset. `idle`: nothing trained; `running`: the loop runs; `paused`:
 * a model is kept and can go on; `done`: all steps ran.
 */
export function TrainControls({
  state,
  busy,
  onTrain,
  onPause,
  onResume,
  onStep,
  onReset,
}: {
  state: RunState;
  busy?: boolean;
  onTrain: () => void;
  onPause: () => void;
  onResume: () => void;
  onStep: () => void;
  onReset: () => void;
}) {
  return (
    <div className="controls" role="group" aria-label="Training controls">
      {state === 'idle' && (
        <button type="button" className="primary" onClick={onTrain} disabled={busy}>
          Train
        </button>
      )}
      {state === 'running' && (
        <button type="button" className="primary" onClick={onPause}>
          Pause
        </button>
      )}
      {state === 'paused' && (
        <button type="button" className="primary" onClick={onResume} disabled={busy}>
          Resume
        </button>
      )}
      <button type="button" onClick={onStep} disabled={busy || state === 'running' || state === 'done'}>
        Step
      </button>
      <button type="button" onClick={onReset} disabled={busy || state === 'idle'}>
        Reset
      </button>
    </div>
  );
}
