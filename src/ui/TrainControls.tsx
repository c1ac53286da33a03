import { useEffect, useRef, useState } from 'react';

export type RunState = 'idle' | 'running' | 'paused' | 'done';

/**
 * Train / pause / resume / step / reset. `idle`: nothing trained; `running`: the loop runs; `paused`:
 * a model is kept and can go on; `done`: all steps ran, and `onMore` (where the lesson has it) trains further.
 * Reset asks first: it deletes the model and its checkpoint.
 */
export function TrainControls({
  state,
  busy,
  onTrain,
  onPause,
  onResume,
  onStep,
  onReset,
  onMore,
  moreLabel = 'Train further',
  labels = {},
}: {
  state: RunState;
  busy?: boolean;
  onTrain: () => void;
  onPause: () => void;
  onResume: () => void;
  onStep: () => void;
  onReset: () => void;
  onMore?: () => void;
  moreLabel?: string;
  /** Other words for Train and Pause, where a lesson's run is not training (Lesson 10 learns merges: Learn, Stop). */
  labels?: { train?: string; pause?: string };
}) {
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (state === 'idle' || state === 'running') setConfirming(false);
  }, [state]);
  if (confirming) {
    return (
      <div className="controls confirm" role="group" aria-label="Reset the model?" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
        <span>Reset deletes the trained model and its saved copy.</span>
        <button
          type="button"
          className="danger"
          onClick={() => {
            setConfirming(false);
            onReset();
          }}
        >
          Delete the model
        </button>
        <button type="button" ref={keep} onClick={() => setConfirming(false)}>
          Keep it
        </button>
      </div>
    );
  }
  return (
    <div className="controls" role="group" aria-label="Training controls">
      {state === 'idle' && (
        <button type="button" className="primary" onClick={onTrain} disabled={busy}>
          {labels.train ?? 'Train'}
        </button>
      )}
      {state === 'running' && (
        <button type="button" className="primary" onClick={onPause}>
          {labels.pause ?? 'Pause'}
        </button>
      )}
      {state === 'done' && onMore && (
        <button type="button" className="primary" onClick={onMore} disabled={busy}>
          {moreLabel}
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
      <button type="button" onClick={() => setConfirming(true)} disabled={busy || state === 'idle'}>
        Reset
      </button>
    </div>
  );
}
