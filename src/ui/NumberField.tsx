import { useEffect, useState } from 'react';

/** What `text` may be for a field with these bounds: the number, or why not (a whole number unless `step` allows fractions). */
export function readNumber(text: string, bounds: { min?: number; max?: number; step?: number }): { value: number } | { problem: string } {
  const { min, max, step } = bounds;
  const whole = step === undefined || Number.isInteger(step);
  const kind = whole ? 'a whole number' : 'a number';
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : max !== undefined
          ? ` of at most ${max}`
          : '';
  const problem = `Type ${kind}${range}.`;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return { problem };
  if ((whole && !Number.isInteger(n)) || (min !== undefined && n < min) || (max !== undefined && n > max)) return { problem };
  return { value: n };
}

/**
 * A labelled number input that passes on only values within its bounds (whole numbers unless `step` allows
 * fractions), however they are typed or pasted; anything else shows why beside the field and keeps the last
 * good value. `fallback` is the value the field stands for when it shows nothing yet.
 */
export function NumberField({
  id,
  label,
  value,
  fallback,
  onChange,
  min,
  max,
  step,
  disabled,
}: {
  id: string;
  label: string;
  value: number;
  fallback: number;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
  step?: number;
  disabled?: boolean;
}) {
  const [text, setText] = useState(String(Number.isFinite(value) ? value : fallback));
  const read = readNumber(text, { min, max, step });
  // A value set from elsewhere (a restored model, the URL) shows in the field.
  useEffect(() => {
    setText((shown) => (Number(shown) === value && shown.trim() !== '' ? shown : String(value)));
  }, [value]);
  const problem = 'problem' in read ? read.problem : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={text}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const next = readNumber(e.target.value, { min, max, step });
          if ('value' in next && next.value !== value) onChange(next.value);
        }}
      />
      {problem && (
        <span className="field-problem" id={`${id}-problem`} role="status">
          {problem}
        </span>
      )}
    </div>
  );
}
