// GPT-2's tokenizer on the reader's text: its files loaded from this site, then every token with its id, spaces
// shown, and the check that decoding gives the text back.

import { useState } from 'react';
import { errorText } from '../../client/errors';
import { useAnswer } from '../../client/useAnswer';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import type { LoadProgress } from '../../train/types';
import { LoadProgressBar } from '../../ui/LoadProgressBar';
import { TokenChips } from '../../ui/TokenChips';
import type { BpeApi } from './api';
import type { BpeState } from './meta';

/** A token's text with its spaces and line ends made visible. */
export const visible = (piece: string) => piece.replaceAll(' ', '␣').replaceAll('\n', '↵').replaceAll('\t', '⇥');

export function Gpt2Widget({
  trainer,
  state,
  setState,
  loaded,
  setLoaded,
}: {
  trainer?: LessonTrainer<BpeApi>;
  state: BpeState;
  setState: (patch: Partial<BpeState>) => void;
  loaded?: { fromCache: boolean };
  setLoaded: (l: { fromCache: boolean }) => void;
}) {
  const [loading, setLoading] = useState<LoadProgress>();
  const [loadError, setLoadError] = useState<string>();
  const [special, setSpecial] = useState(false);
  const { answer: cut, error } = useAnswer(`${special}:${state.gpt2}`, loaded !== undefined, trainer && (() => trainer.lesson.gpt2(state.gpt2, special)));
  const load = async () => {
    if (!trainer) return;
    setLoadError(undefined);
    setLoading({ phase: 'download', loaded: 0, total: 0 });
    try {
      setLoaded(
        await trainer.lesson.loadGpt2(
          document.baseURI,
          callback((p: LoadProgress) => setLoading(p)),
        ),
      );
    } catch (e) {
      setLoadError(errorText(e));
    } finally {
      setLoading(undefined);
    }
  };
  const bytes = new TextEncoder().encode(state.gpt2).length;
  return (
    <section className="widget" aria-labelledby="gpt2-tok-heading">
      <h3 id="gpt2-tok-heading">GPT-2's tokenizer</h3>
      {!loaded && (
        <p>
          <button type="button" onClick={() => void load()} disabled={!trainer || loading !== undefined}>
            Load GPT-2's vocabulary (1.5 MB from this site)
          </button>
        </p>
      )}
      {loading && <LoadProgressBar progress={loading} tokenizing="reading the 50,000 merges" />}
      {loadError && (
        <p className="message error" role="alert">
          {loadError}
        </p>
      )}
      {loaded && (
        <p className="muted" data-testid="gpt2-loaded">
          50,257 tokens and 50,000 merges, as OpenAI published them{loaded.fromCache ? ' (from this browser’s cache)' : ''}.
        </p>
      )}
      <div className="field">
        <label htmlFor="gpt2-text">Text for GPT-2's tokenizer</label>
        <textarea id="gpt2-text" rows={3} maxLength={500} value={state.gpt2} onChange={(e) => setState({ gpt2: e.target.value })} />
      </div>
      <label>
        <input type="checkbox" checked={special} onChange={(e) => setSpecial(e.target.checked)} /> read <code>&lt;|endoftext|&gt;</code> as the special token
        50256
      </label>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {cut && (
        <div data-testid="gpt2-tokens">
          <p>
            {Array.from(state.gpt2).length.toLocaleString('en')} characters, {bytes.toLocaleString('en')} bytes of UTF-8, <strong>{cut.ids.length}</strong>{' '}
            tokens; decoding them gives {cut.roundTrip ? 'the text back exactly' : 'a different text'}.
          </p>
          <TokenChips tokens={cut.pieces.map(visible)} ids={cut.ids} label="GPT-2's tokens and their ids" />
        </div>
      )}
    </section>
  );
}
