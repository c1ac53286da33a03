/** Tokens as chips, with optional ids underneath; unknown tokens are marked. */
export function TokenChips({
  tokens,
  ids,
  unknown,
  total,
  label,
}: {
  tokens: readonly string[];
  ids?: readonly number[];
  unknown?: readonly boolean[];
  total?: number;
  label: string;
}) {
  const more = (total ?? tokens.length) - tokens.length;
  if (tokens.length === 0) return <p className="muted">No tokens.</p>;
  return (
    <div>
      <ol className="chips" aria-label={label}>
        {tokens.map((token, i) => (
          <li key={i} className={unknown?.[i] ? 'chip unknown' : 'chip'} title={unknown?.[i] ? `“${token}” is not in the vocabulary` : undefined}>
            <span className="chip-token">{token === '' ? '∅' : token}</span>
            {ids && <span className="chip-id">{ids[i]}</span>}
            {unknown?.[i] && <span className="visually-hidden"> (unknown: becomes &lt;unk&gt;)</span>}
          </li>
        ))}
      </ol>
      {more > 0 && (
        <p className="muted">
          … and {more.toLocaleString('en')} more ({(total ?? 0).toLocaleString('en')} in all).
        </p>
      )}
    </div>
  );
}
