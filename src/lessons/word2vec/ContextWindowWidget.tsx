// Lesson 2's first widget: the context window around a centre word of a sentence.

import { useState } from 'react';
import { PROBE_SENTENCE } from './meta';

function contextOf(tokens: string[], centre: number, window: number): Set<number> {
  const half = window / 2;
  const out = new Set<number>();
  for (let j = centre - half; j <= centre + half; j++) if (j !== centre && j >= 0 && j < tokens.length) out.add(j);
  return out;
}

export function ContextWindowWidget() {
  const [centre, setCentre] = useState(7);
  const [exampleWindow, setExampleWindow] = useState(4);
  const exampleTokens = PROBE_SENTENCE.toLowerCase().split(' ');
  const exampleContext = contextOf(exampleTokens, centre, exampleWindow);
  return (
    <section className="widget" aria-labelledby="window-heading">
      <h3 id="window-heading">The context of a centre word</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor="example-window">Window (words on both sides together)</label>
          <select id="example-window" value={exampleWindow} onChange={(e) => setExampleWindow(Number(e.target.value))}>
            {[2, 4, 6, 8].map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id="window-help" className="muted">
        Pick the centre word:
      </p>
      <div className="chips" role="group" aria-describedby="window-help">
        {exampleTokens.map((token, i) => (
          <button
            key={i}
            type="button"
            className={`chip chip-button${i === centre ? ' centre' : ''}${exampleContext.has(i) ? ' context' : ''}`}
            aria-pressed={i === centre}
            onClick={() => setCentre(i)}
          >
            {token}
          </button>
        ))}
      </div>
      <p data-testid="example-context">
        Context of “{exampleTokens[centre]}”: {[...exampleContext].map((i) => exampleTokens[i]).join(', ')}
        {exampleContext.size < exampleWindow ? ' (not a full window: the notebook skips such positions)' : ''}
      </p>
    </section>
  );
}
