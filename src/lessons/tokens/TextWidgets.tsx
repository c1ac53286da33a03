// Lesson 1's widgets on the reader's own text: the two tokenizers, the two vocabularies, and a one-hot vector.

import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../client/errors';
import { NumberField } from '../../ui/NumberField';
import { TokenChips } from '../../ui/TokenChips';
import { analyseText, type TextAnalysis } from './analysis';
import { TOKENS_FIELDS, type TokensState } from './meta';

/** Text up to this length is analysed on the page at once; longer text goes to the worker. */
export const ON_PAGE_LIMIT = 20_000;
/** Chips and vocabulary entries shown at most. */
export const SHOW_LIMIT = 300;

const fmtInt = (n: number) => n.toLocaleString('en');

/** The analysis of `text`: on the page for short text, in the worker (debounced) for long text. */
export function useTextAnalysis(text: string, minFreq: number, probe: string, analyseInWorker: ((text: string) => Promise<TextAnalysis>) | undefined) {
  const [result, setResult] = useState<{ analysis?: TextAnalysis; pending: boolean; error?: string }>({ pending: false });
  const request = useRef(0);
  useEffect(() => {
    const id = ++request.current;
    if (text.length <= ON_PAGE_LIMIT) {
      setResult({ analysis: analyseText(text, { minFreq, probe, limit: SHOW_LIMIT }), pending: false });
      return;
    }
    if (!analyseInWorker) {
      setResult((old) => ({ ...old, pending: true }));
      return;
    }
    setResult((old) => ({ ...old, pending: true }));
    const timer = setTimeout(() => {
      analyseInWorker(text).then(
        (analysis) => id === request.current && setResult({ analysis, pending: false }),
        (error) => id === request.current && setResult({ pending: false, error: errorText(error) }),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [text, minFreq, probe, analyseInWorker]);
  return result;
}

type Analysed = { analysis?: TextAnalysis; pending: boolean; error?: string };

/** The most characters the text box takes: a paste of 50 MB froze the page for 17.7 s; a file goes to the worker instead. */
export const MAX_TEXT = 3_000_000;

/** The reader's text, split at white space and by basic_english. */
export function TokenizerWidget({ text, setText, analysed }: { text: string; setText: (text: string) => void; analysed: Analysed }) {
  const { analysis, pending, error: analysisError } = analysed;
  return (
    <section className="widget" aria-labelledby="tokenizer-heading">
      <h3 id="tokenizer-heading">Try the tokenizers</h3>
      <div className="field">
        <label htmlFor="text">Your text</label>
        {/* Uncontrolled: a controlled textarea also copies every value into its default text, a second DOM copy of megabytes of pasted text. */}
        <textarea id="text" defaultValue={text} maxLength={MAX_TEXT} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        <span className="muted" aria-live="polite">
          {fmtInt(text.length)} characters{text.length > ON_PAGE_LIMIT ? ' (long text is tokenized in the background worker)' : ''}
          {pending ? ' · tokenizing…' : ''}
        </span>
        {text.length >= MAX_TEXT && (
          <p className="message info" data-testid="text-limit">
            This box takes at most {fmtInt(MAX_TEXT)} characters, and the rest of what you pasted was left out. For a longer text, load it as a file below.
          </p>
        )}
      </div>
      {text.trim().length === 0 && <p className="message info">The text is empty: type or paste something to see its tokens.</p>}
      {analysisError && <p className="message error">{analysisError}</p>}
      {analysis && (
        <div className="columns">
          <div>
            <h4>Split at white space ({fmtInt(analysis.naive.total)} tokens)</h4>
            <TokenChips label="Whitespace tokens" tokens={analysis.naive.items} total={analysis.naive.total} />
          </div>
          <div>
            <h4>basic_english ({fmtInt(analysis.tokens.total)} tokens)</h4>
            <TokenChips label="basic_english tokens" tokens={analysis.tokens.items} total={analysis.tokens.total} />
          </div>
        </div>
      )}
    </section>
  );
}

/** The vocabularies (first appearance, torchtext's) built from the reader's text, and a second sentence encoded with them. */
export function VocabWidget({ analysis, state, setState }: { analysis?: TextAnalysis; state: TokensState; setState: (patch: Partial<TokensState>) => void }) {
  return (
    <section className="widget" aria-labelledby="vocab-heading">
      <h3 id="vocab-heading">Both vocabularies, built from your text above</h3>
      {analysis && (
        <div className="columns">
          <div>
            <h4>By first appearance ({fmtInt(analysis.firstSeen.itos.total)} entries)</h4>
            <TokenChips
              label="Vocabulary by first appearance, with ids"
              tokens={analysis.firstSeen.itos.items}
              ids={analysis.firstSeen.itos.items.map((_, i) => i)}
              total={analysis.firstSeen.itos.total}
            />
            <p>Your text encoded:</p>
            <TokenChips
              label="Tokens encoded with the first-appearance vocabulary"
              tokens={analysis.tokens.items}
              ids={analysis.firstSeen.ids}
              total={analysis.tokens.total}
            />
          </div>
          <div>
            <h4>As torchtext builds it ({fmtInt(analysis.torchtext.itos.total)} entries)</h4>
            <NumberField
              id="min-freq"
              label="min_freq: keep tokens seen at least this often"
              min={1}
              max={1000}
              value={state.minFreq}
              fallback={TOKENS_FIELDS.minFreq.default}
              onChange={(minFreq) => setState({ minFreq })}
            />
            <TokenChips
              label="torchtext vocabulary, with ids"
              tokens={analysis.torchtext.itos.items}
              ids={analysis.torchtext.itos.items.map((_, i) => i)}
              total={analysis.torchtext.itos.total}
            />
            <p>Your text encoded:</p>
            <TokenChips
              label="Tokens encoded with the torchtext vocabulary"
              tokens={analysis.tokens.items}
              ids={analysis.torchtext.ids}
              unknown={analysis.torchtext.ids.map((id) => id === 0)}
              total={analysis.tokens.total}
            />
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor="probe">Encode another sentence with the torchtext vocabulary</label>
        <input id="probe" type="text" value={state.probe} maxLength={300} onChange={(e) => setState({ probe: e.target.value })} />
      </div>
      {analysis && (
        <>
          <TokenChips
            label="Encoded sentence: tokens with ids, unknown tokens marked"
            tokens={analysis.probe.tokens}
            ids={analysis.probe.ids}
            unknown={analysis.probe.unknown}
          />
          <p>
            Decoded back: <code data-testid="decoded">{analysis.probe.decoded || '(nothing)'}</code>
          </p>
          {analysis.probe.unknown.some(Boolean) && (
            <p className="muted">
              Dashed tokens are not in the vocabulary: they are encoded as 0, <code>&lt;unk&gt;</code>, and what they were is lost.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function OneHot({ itos }: { itos: readonly string[] }) {
  const [chosen, setChosen] = useState(1);
  const index = Math.min(chosen, itos.length - 1);
  if (itos.length === 0) return null;
  const shown = itos.slice(0, 40);
  return (
    <div>
      <div className="field">
        <label htmlFor="onehot-token">Token to encode</label>
        <select id="onehot-token" value={index} onChange={(e) => setChosen(Number(e.target.value))}>
          {shown.map((token, i) => (
            <option key={i} value={i}>
              {i}: {token}
            </option>
          ))}
        </select>
      </div>
      <p>
        One-hot vector of “{itos[index]}” (V = {itos.length}
        {itos.length > shown.length ? `, first ${shown.length} shown` : ''}):
      </p>
      <ol className="onehot" aria-label={`One-hot vector of ${itos[index]}: a 1 at position ${index}, 0 at the other ${itos.length - 1} positions`}>
        {shown.map((token, i) => (
          <li key={i} className={i === index ? 'onehot-cell hot' : 'onehot-cell'} title={`${i}: ${token}`}>
            {i === index ? 1 : 0}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A one-hot vector over the torchtext vocabulary of the reader's text. */
export function OneHotWidget({ analysis }: { analysis?: TextAnalysis }) {
  return (
    <section className="widget" aria-labelledby="onehot-heading">
      <h3 id="onehot-heading">A one-hot vector</h3>
      {analysis && analysis.torchtext.itos.items.length > 0 ? (
        <OneHot itos={analysis.torchtext.itos.items} />
      ) : (
        <p className="muted">Type some text above first.</p>
      )}
    </section>
  );
}
