import type { TrainingRun } from '../client/useTrainingRun';
import { RunMessages } from './RunMessages';
import { TrainControls } from './TrainControls';

/**
 * A lesson's training buttons wired to its run: Train and Resume go to the end, Step does one step; with
 * the run's note and error under them. `disabled` holds Train, Resume, Step and Reset back (no worker yet, data loading).
 */
export function RunControls({
  training,
  disabled,
  onPause,
  onReset,
  labels,
}: {
  training: TrainingRun;
  disabled?: boolean;
  onPause: () => void;
  onReset: () => void;
  labels?: { train?: string; pause?: string };
}) {
  const toEnd = () => void training.train(Number.POSITIVE_INFINITY);
  return (
    <>
      <TrainControls
        state={training.run}
        busy={training.busy || disabled}
        onTrain={toEnd}
        onPause={onPause}
        onResume={toEnd}
        onStep={() => void training.train(1)}
        onReset={onReset}
        onMore={training.more && (() => void training.more?.run())}
        moreLabel={training.more?.label}
        labels={labels}
      />
      <RunMessages note={training.note} error={training.error} />
    </>
  );
}
