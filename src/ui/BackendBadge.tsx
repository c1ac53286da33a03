import { useWorkerMemory } from '../client/useTrainer';
import type { BackendChoice, BackendInfo } from '../train/types';

/** What runs the models, in plain words: the GPU or the CPU, and how. */
export function plainBackend(info: BackendInfo): string {
  if (info.name === 'webgl') return info.softwareWebgl ? 'your GPU driver, drawing in software (slow)' : 'your GPU';
  if (info.name === 'webgpu') return 'your GPU, through WebGPU';
  if (info.name === 'wasm') return `your CPU, ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.simd ? ' with SIMD' : ''}`;
  return 'your CPU, in plain JavaScript (slow)';
}

/** Which tfjs backend the worker runs, in plain words, with why (and the details) behind a disclosure and a menu to switch. */
export function BackendBadge({ info, onChoose, disabled }: { info: BackendInfo | undefined; onChoose: (choice: BackendChoice) => void; disabled?: boolean }) {
  const memory = useWorkerMemory();
  const details = info
    ? [
        info.name === 'wasm' ? `SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} thread${info.threads === 1 ? '' : 's'}` : '',
        info.crossOriginIsolated ? '' : 'page not cross-origin isolated',
      ]
        .filter(Boolean)
        .join('; ')
    : '';
  return (
    <div className="backend">
      <span className={`badge badge-${info?.name ?? 'none'}`} data-testid="backend-badge">
        {info ? info.name.toUpperCase() : 'starting…'}
      </span>
      <span className="backend-plain" data-testid="backend-plain">
        {info ? `Trains on ${plainBackend(info)}` : 'The worker is choosing what to train on.'}
      </span>
      {info && (
        <details className="backend-details">
          <summary>Why</summary>
          <span className="backend-reason" data-testid="backend-reason">
            {info.reason}
            {details && ` (${details})`}
          </span>{' '}
          <span className="backend-memory" data-testid="worker-memory">
            {memory
              ? `The worker holds ${memory.numTensors.toLocaleString('en')} tensor${memory.numTensors === 1 ? '' : 's'} (${(memory.numBytes / 2 ** 20).toFixed(1)} MB) now.`
              : ''}
          </span>
        </details>
      )}
      <span className="backend-choice">
        <label htmlFor="backend-choice">Backend</label>{' '}
        <select id="backend-choice" disabled={disabled || !info} defaultValue="auto" onChange={(e) => onChoose(e.target.value as BackendChoice)}>
          <option value="auto">automatic</option>
          <option value="webgl">WebGL</option>
          <option value="webgpu">WebGPU</option>
          <option value="wasm">WASM</option>
          <option value="cpu">CPU (plain JS)</option>
        </select>
      </span>
    </div>
  );
}
