import type { BackendChoice, BackendInfo } from '../train/types';

/** Which tfjs backend the worker runs and why, with a menu to switch. */
export function BackendBadge({ info, onChoose, disabled }: { info: BackendInfo | undefined; onChoose: (choice: BackendChoice) => void; disabled?: boolean }) {
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
      <span className="backend-reason">
        {info ? info.reason : 'The worker is choosing a backend.'}
        {details && ` (${details})`}
      </span>
      <span className="backend-choice">
        <label htmlFor="backend-choice">Backend</label>{' '}
        <select id="backend-choice" disabled={disabled || !info} defaultValue="auto" onChange={(e) => onChoose(e.target.value as BackendChoice)}>
          <option value="auto">automatic</option>
          <option value="webgl">WebGL</option>
          <option value="wasm">WASM</option>
          <option value="cpu">CPU (plain JS)</option>
        </select>
      </span>
    </div>
  );
}
