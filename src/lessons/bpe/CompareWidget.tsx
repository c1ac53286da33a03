// One text cut four ways: characters, Lesson 1's words (looked up in the loaded text's vocabulary), the series'
// BPE learned above, and GPT-2's tokenizer; how many tokens each makes, and what each does with a word it never saw.

import { useAnswer } from '../../client/useAnswer';
import type { LessonTrainer } from '../../client/useTrainer';
import { TokenChips } from '../../ui/TokenChips';
import type { BpeApi, TokenRow } from './api';
import { visible } from './Gpt2Widget';
import { shownSymbol } from './LearnWidget';
import type { BpeState } from './meta';

function Row({ name, row, words, note }: { name: string; row?: TokenRow; words: number; note?: string }) {
  return (
    <div className="compare-row">
      <h4>
        {name}
        {row && row.tokens.length > 0 && (
          <span className="muted">
            {' '}
            · {row.tokens.length} tokens, {(row.tokens.length / Math.max(1, words)).toFixed(2)} a word
            {row.unknown.some(Boolean) ? `, ${row.unknown.filter(Boolean).length} unknown` : ''}
          </span>
        )}
      </h4>
      {row && row.tokens.length > 0 ? <TokenChips tokens={row.tokens} unknown={row.unknown} ids={row.ids} label={name} /> : <p className="muted">{note}</p>}
    </div>
  );
}

export function CompareWidget({
  trainer,
  state,
  setState,
  version,
}: {
  trainer?: LessonTrainer<BpeApi>;
  state: BpeState;
  setState: (patch: Partial<BpeState>) => void;
  /** Changes when a tokenizer changes (a vocabulary learned, GPT-2's loaded, a text loaded): the rows are asked again. */
  version: string;
}) {
  const { answer, error } = useAnswer(`${version}:${state.compare}`, true, trainer && (() => trainer.lesson.compare(state.compare)));
  const words = answer?.words ?? 0;
  return (
    <section className="widget" aria-labelledby="compare-heading">
      <h3 id="compare-heading">Four ways to cut one text</h3>
      <div className="field">
        <label htmlFor="compare-text">Text to compare</label>
        <input id="compare-text" type="text" maxLength={300} value={state.compare} onChange={(e) => setState({ compare: e.target.value })} />
      </div>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div data-testid="compare">
          <Row name="Characters" row={{ ...answer.chars, tokens: answer.chars.tokens.map(visible) }} words={words} />
          <Row
            name={answer.basic ? `Words (Lesson 1's basic_english, ${answer.basic.vocab.toLocaleString('en')} words of the loaded text)` : 'Words'}
            row={answer.basic}
            words={words}
            note="Load a text above: its words are this tokenizer's vocabulary."
          />
          <Row
            name={answer.bpe ? `The series' BPE (${answer.bpe.vocab.toLocaleString('en')} symbols)` : "The series' BPE"}
            row={answer.bpe && { ...answer.bpe, tokens: answer.bpe.tokens.map(shownSymbol) }}
            words={words}
            note="Learn a vocabulary above to see its cut here."
          />
          <Row
            name="GPT-2 (50,257 tokens)"
            row={answer.gpt2.tokens.length > 0 ? { ...answer.gpt2, tokens: answer.gpt2.tokens.map(visible) } : undefined}
            words={words}
            note="Load GPT-2's vocabulary above to see its cut here."
          />
        </div>
      )}
    </section>
  );
}
