/** A labelled number input; an empty or unreadable entry stands for `fallback`. */
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
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const n = Number(e.target.value);
          onChange(e.target.value !== '' && Number.isFinite(n) ? n : fallback);
        }}
      />
    </div>
  );
}
