// Lesson 6's writing widget: the prompt, the sampling rule, and the text streaming from the model.

import { SamplingFields } from '../../ui/SamplingFields';
import type { CharWidgetProps } from './useCharRun';

export function WriteWidget({ trainer, run: chars, state, setState }: CharWidgetProps) {
  const { trained, writing, training, write, writeError } = chars;
  const { run } = training;
  return (
    <section className="widget" aria-labelledby="write-heading">
      <h3 id="write-heading">Let it write</h3>
      <p>
        Writing is repeated prediction (Lesson 3): the model gives a distribution over the next character, one is picked and fed back in. How it is picked
        matters. Greedy always takes the most likely and soon repeats itself. Sampling draws from the distribution, sharpened by a temperature below 1. Top-k
        draws only among the k most likely; top-p among the fewest whose probabilities add up to p.
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor="char-prompt">Prompt</label>
          <input
            id="char-prompt"
            type="text"
            value={state.prompt}
            aria-describedby="char-write-message"
            onChange={(e) => setState({ prompt: e.target.value })}
          />
        </div>
        <SamplingFields prefix="char" value={state} onChange={setState} />
        <button type="button" onClick={() => void write()} disabled={!trainer || !trained || run === 'running'}>
          Write
        </button>
      </div>
      <div id="char-write-message" aria-live="polite">
        {writeError && (
          <p className="message error" role="alert">
            {writeError}
          </p>
        )}
        {writing && writing.unknown.length > 0 && (
          <p className="message info">Left out of the prompt, as the book never uses them: {writing.unknown.join(' ')}</p>
        )}
      </div>
      <p className="muted">
        {run === 'running' ? 'While it trains, a new sample appears every few seconds.' : trained ? '' : 'Train the model first: untrained, it writes noise.'}
      </p>
      {writing && (
        <figure className="writing">
          <figcaption>
            After step {writing.step.toLocaleString('en')}
            {writing.done ? '' : ', writing…'}
          </figcaption>
          <pre className="sample" data-testid="char-sample" role="region" aria-live="off" tabIndex={0} aria-label="Text the model wrote">
            <strong>{writing.prompt}</strong>
            {writing.text}
          </pre>
        </figure>
      )}
    </section>
  );
}
