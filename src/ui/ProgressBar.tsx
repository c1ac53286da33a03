/** Where a run stands: a progress bar with steps, throughput and time left. */
export function ProgressBar({
  step,
  totalSteps,
  examplesPerSecond,
  secondsLeft,
  unit,
}: {
  step: number;
  totalSteps: number;
  examplesPerSecond: number;
  secondsLeft: number;
  unit: string;
}) {
  const left = Number.isFinite(secondsLeft) ? formatSeconds(secondsLeft) : '–';
  return (
    <div className="progress">
      <progress max={totalSteps} value={step} aria-label="Training progress" />
      <p className="progress-text" aria-live="off">
        step {step.toLocaleString('en')} of {totalSteps.toLocaleString('en')} ·{' '}
        {examplesPerSecond > 0 && Number.isFinite(examplesPerSecond) ? `${Math.round(examplesPerSecond).toLocaleString('en')} ${unit}/s` : `– ${unit}/s`} ·{' '}
        {left} left
      </p>
    </div>
  );
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}
