import type { LoadProgress } from '../train/types';

const kb = (bytes: number) => Math.round(bytes / 1024).toLocaleString('en');

/** Progress of loading a corpus: bytes read (of how many, when known), then the tokenizing step. */
export function LoadProgressBar({ progress, tokenizing = 'tokenizing', onCancel }: { progress: LoadProgress; tokenizing?: string; onCancel?: () => void }) {
  const known = progress.total > 0;
  return (
    <div className="progress" role="status">
      <progress aria-label="Loading the corpus" max={known ? progress.total : undefined} value={known ? progress.loaded : undefined} />
      <p className="progress-text">
        {progress.phase === 'download' ? `reading ${kb(progress.loaded)} KB${known ? ` of ${kb(progress.total)} KB` : ''}` : tokenizing}…{' '}
        {onCancel && progress.phase === 'download' && (
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </p>
    </div>
  );
}
