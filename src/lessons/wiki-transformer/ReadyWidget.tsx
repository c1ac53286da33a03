// Lesson 12's ready-trained model (the notebook's configuration, made on a CPU by this project's script) and
// writing with whatever model the page holds.

import { NumberField } from '../../ui/NumberField';
import { NOTEBOOK_RESULTS } from './meta';
import type { WikiWidgetProps } from './Widgets';

export function WikiReadyWidget({ trainer, run }: WikiWidgetProps) {
  const { model, training, loadPretrained, opening, validation } = run;
  const ready = model?.pretrained;
  const last = validation.at(-1);
  return (
    <section className="widget" aria-labelledby="wiki-ready-heading">
      <h3 id="wiki-ready-heading">The notebook's model, ready-trained</h3>
      <p>
        Training the notebook's model to its loss takes hours on a laptop's CPU, so this site ships one, trained by its own code (the script{' '}
        <code>test/models/trainWikiModel.mjs</code>, the same engine as this page) on a 2-core CPU, in 8 bits per weight. Open it to read its curve and let it
        write; it also opens in <a href="#/gpt2">Lesson 11</a>'s inspector, beside GPT-2, with its next-token table and its attention.
      </p>
      <button type="button" onClick={() => void loadPretrained()} disabled={!trainer || opening || training.run === 'running'}>
        {opening ? 'Opening…' : 'Open the ready-trained model'}
      </button>
      {ready && (
        <div data-testid="wiki-ready">
          <p>{ready}</p>
          {last && (
            <p>
              Its validation loss is <strong>{last.loss.toFixed(3)}</strong> (perplexity {Math.exp(last.loss).toFixed(0)}) on every window of the notebook's
              validation split; the notebook's was {NOTEBOOK_RESULTS.validation.join(', ')} after its three epochs.
            </p>
          )}
          <p className="muted">
            WikiText-2 is drawn from Wikipedia's articles and shared under Creative Commons Attribution-ShareAlike 3.0; so is this model trained on it.
          </p>
        </div>
      )}
    </section>
  );
}

export function WikiWriteWidget({ trainer, run, state, setState }: WikiWidgetProps) {
  const { model, training, writing, writeError, write } = run;
  const length = state.writeLength;
  return (
    <section className="widget" aria-labelledby="wiki-write-heading">
      <h3 id="wiki-write-heading">Let it write</h3>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="wiki-prompt">Prompt</label>
          <textarea id="wiki-prompt" rows={2} maxLength={200} value={state.prompt} onChange={(e) => setState({ prompt: e.target.value })} />
        </div>
        <NumberField id="wiki-length" label="Tokens to write" min={1} max={400} value={length} fallback={60} onChange={(v) => setState({ writeLength: v })} />
        <button type="button" onClick={() => void write(length)} disabled={!trainer || !model || training.run === 'running' || writing?.busy}>
          Write
        </button>
      </div>
      {writeError && (
        <p className="message error" role="alert">
          {writeError}
        </p>
      )}
      {!model && <p className="muted">Train a model or open the ready-trained one first: untrained, it writes noise.</p>}
      {writing && (
        <p className="sample" data-testid="wiki-writing" role="region" tabIndex={0} aria-label="What the model wrote" aria-busy={writing.busy}>
          {writing.text}
        </p>
      )}
    </section>
  );
}
