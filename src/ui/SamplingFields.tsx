// How the next symbol is picked, chosen the same way on every page that writes: greedy, a temperature, top-k or
// top-p, each with its number (those a mode does not use are disabled).

import { SAMPLING_MODES, type SamplingOptions } from '../models/sampling';
import { NumberField } from './NumberField';

export function SamplingFields({ prefix, value, onChange }: { prefix: string; value: SamplingOptions; onChange: (patch: Partial<SamplingOptions>) => void }) {
  return (
    <>
      <fieldset className="field-row">
        <legend>Sampling</legend>
        {SAMPLING_MODES.map((m) => (
          <label key={m.mode} className="radio">
            <input type="radio" name={`${prefix}-mode`} value={m.mode} checked={value.mode === m.mode} onChange={() => onChange({ mode: m.mode })} /> {m.label}
          </label>
        ))}
      </fieldset>
      <NumberField
        id={`${prefix}-temperature`}
        label="Temperature"
        min={0.05}
        max={5}
        step={0.05}
        value={value.temperature}
        fallback={0.7}
        disabled={value.mode === 'greedy'}
        onChange={(v) => onChange({ temperature: v })}
      />
      <NumberField
        id={`${prefix}-k`}
        label="k"
        min={1}
        max={200}
        value={value.k}
        fallback={5}
        disabled={value.mode !== 'top-k'}
        onChange={(v) => onChange({ k: v })}
      />
      <NumberField
        id={`${prefix}-p`}
        label="p"
        min={0.01}
        max={1}
        step={0.01}
        value={value.p}
        fallback={0.95}
        disabled={value.mode !== 'top-p'}
        onChange={(v) => onChange({ p: v })}
      />
    </>
  );
}
