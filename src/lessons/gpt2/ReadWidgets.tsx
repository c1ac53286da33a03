// What a loaded GPT-2 makes of a prompt: the next token's candidates, its writing (token by token, each token
// shown), the attention of any block and head, and the logit lens.

import { useState } from 'react';
import { errorText } from '../../client/errors';
import { useAnswer } from '../../client/useAnswer';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import { Heatmap } from '../../ui/Heatmap';
import { NumberField } from '../../ui/NumberField';
import type { Gpt2Api, LoadedModel, Token, Writing } from './api';
import { GPT2_FIELDS, type Gpt2State, type PickMode } from './meta';

/** A token's text with its spaces and line ends visible. */
export const shown = (text: string) => text.replaceAll(' ', '␣').replaceAll('\n', '↵');
const percent = (p: number) => `${(100 * p).toFixed(p < 0.001 ? 3 : 1)}%`;

/** Tokens in a row, each in a box of its own colour, so that the reader sees where the tokenizer cut. */
export function TokenRun({ tokens, label }: { tokens: readonly Token[]; label: string }) {
  return (
    <figure className="token-run">
      <figcaption className="visually-hidden">{label}</figcaption>
      {tokens.map((t, i) => (
        <span key={i} className={`token-box tone-${i % 4}`} title={`id ${t.id}`}>
          {t.text}
        </span>
      ))}
    </figure>
  );
}

interface ReadProps {
  trainer?: LessonTrainer<Gpt2Api>;
  loaded?: LoadedModel;
  state: Gpt2State;
  setState: (p: Partial<Gpt2State>) => void;
}

export function NextWidget({ trainer, loaded, state, setState }: ReadProps) {
  const key = `${loaded?.sha256}:${state.prompt}`;
  const { answer, error } = useAnswer(key, loaded !== undefined, trainer && (() => trainer.lesson.next(state.prompt, 20)), 300);
  return (
    <section className="widget" aria-labelledby="gpt2-next-heading">
      <h3 id="gpt2-next-heading">The next token</h3>
      <div className="field">
        <label htmlFor="gpt2-prompt">Prompt</label>
        <textarea id="gpt2-prompt" rows={3} maxLength={1000} value={state.prompt} onChange={(e) => setState({ prompt: e.target.value })} />
      </div>
      {!loaded && <p className="muted">Load a model above to see what it expects next.</p>}
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <>
          <p className="muted">The prompt is {answer.prompt.length} tokens:</p>
          <TokenRun tokens={answer.prompt} label="The prompt's tokens" />
          <div className="table-scroll">
            <table className="numbers" data-testid="gpt2-next">
              <caption>The 20 most likely next tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">Id</th>
                  <th scope="col">Probability</th>
                </tr>
              </thead>
              <tbody>
                {answer.top.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <code>{shown(t.text)}</code>
                    </td>
                    <td>{t.id}</td>
                    <td>{percent(t.probability)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function WriteWidget({ trainer, loaded, state, setState }: ReadProps) {
  const [written, setWritten] = useState<Token[]>([]);
  const [figures, setFigures] = useState<Writing>();
  const [writing, setWriting] = useState(false);
  const [error, setError] = useState<string>();
  const write = async () => {
    if (!trainer) return;
    setError(undefined);
    setWritten([]);
    setFigures(undefined);
    setWriting(true);
    try {
      const pick = { greedy: state.mode === 'greedy', temperature: state.temperature, topK: state.topK, topP: state.topP, seed: state.seed };
      setFigures(
        await trainer.lesson.write(
          state.prompt,
          state.tokens,
          pick,
          callback((t: Token) => setWritten((w) => [...w, t])),
        ),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setWriting(false);
    }
  };
  const number = (key: 'temperature' | 'topK' | 'topP' | 'seed' | 'tokens', label: string, step?: number) => (
    <NumberField
      id={`gpt2-${key}`}
      label={label}
      value={state[key]}
      fallback={GPT2_FIELDS[key].default}
      min={GPT2_FIELDS[key].min}
      max={GPT2_FIELDS[key].max}
      step={step}
      onChange={(v) => setState({ [key]: v })}
    />
  );
  return (
    <section className="widget" aria-labelledby="gpt2-write-heading">
      <h3 id="gpt2-write-heading">Writing, token by token</h3>
      <fieldset className="field-row" disabled={writing}>
        <legend>How the next token is picked</legend>
        <div className="field">
          <label htmlFor="gpt2-mode">Pick</label>
          <select id="gpt2-mode" value={state.mode} onChange={(e) => setState({ mode: e.target.value as PickMode })}>
            <option value="greedy">greedy (always the most likely)</option>
            <option value="sample">sample (temperature, top-k, top-p)</option>
          </select>
        </div>
        {number('temperature', 'Temperature', 0.05)}
        {number('topK', 'Top-k (0: all)')}
        {number('topP', 'Top-p', 0.01)}
        {number('seed', 'Seed')}
        {number('tokens', 'Tokens')}
      </fieldset>
      <div className="controls">
        <button type="button" className="primary" onClick={() => void write()} disabled={!loaded || writing}>
          Write
        </button>
        {writing && (
          <button type="button" onClick={() => void trainer?.pause()}>
            Stop
          </button>
        )}
      </div>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {written.length > 0 && (
        <div data-testid="gpt2-written">
          <TokenRun tokens={written} label="The tokens written" />
          {figures && (
            <p className="muted">
              {figures.tokens.length} tokens; the first after {figures.firstTokenSeconds.toFixed(2)} s (the prompt read at once), then{' '}
              {figures.tokensPerSecond.toFixed(1)} tokens/s, one pass through the weights each.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

export function AttentionWidget({ trainer, loaded, state }: ReadProps) {
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const { answer, error } = useAnswer(
    `${loaded?.sha256}:${state.prompt}`,
    loaded !== undefined,
    trainer && (() => trainer.lesson.attention(state.prompt)),
    400,
  );
  const L = answer?.maps.length ?? 0;
  const l = Math.min(layer, Math.max(0, L - 1));
  const h = answer ? Math.min(head, answer.heads - 1) : 0;
  const T = answer?.tokens.length ?? 0;
  return (
    <section className="widget" aria-labelledby="gpt2-attention-heading">
      <h3 id="gpt2-attention-heading">Where it looks</h3>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <>
          <div className="field-row">
            <div className="field">
              <label htmlFor="gpt2-layer">Block</label>
              <select id="gpt2-layer" value={l} onChange={(e) => setLayer(Number(e.target.value))}>
                {answer.maps.map((_, i) => (
                  <option key={i} value={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="gpt2-head">Head</label>
              <select id="gpt2-head" value={h} onChange={(e) => setHead(Number(e.target.value))}>
                {Array.from({ length: answer.heads }, (_, i) => (
                  <option key={i} value={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <Heatmap
            values={answer.maps[l].slice(h * T * T, (h + 1) * T * T)}
            rows={T}
            cols={T}
            caption={`Block ${l + 1}, head ${h + 1}: each row is a token of the prompt, and how much it reads each token up to itself.`}
            rowLabels={answer.tokens.map(shown)}
            colLabels={answer.tokens.map(shown)}
            range={1}
            sequential
            testId="gpt2-attention"
          />
        </>
      )}
    </section>
  );
}

export function LensWidget({ trainer, loaded, state }: ReadProps) {
  const { answer, error } = useAnswer(`${loaded?.sha256}:${state.prompt}`, loaded !== undefined, trainer && (() => trainer.lesson.lens(state.prompt)), 500);
  return (
    <section className="widget" aria-labelledby="gpt2-lens-heading">
      <h3 id="gpt2-lens-heading">The logit lens</h3>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div className="table-scroll">
          <table className="numbers" data-testid="gpt2-lens">
            <caption>What each block's output would predict after the prompt, read through the final LayerNorm and the head</caption>
            <thead>
              <tr>
                <th scope="col">After block</th>
                <th scope="col">Most likely</th>
                <th scope="col">Second</th>
                <th scope="col">Third</th>
              </tr>
            </thead>
            <tbody>
              {answer.map((row) => (
                <tr key={row.layer}>
                  <td>{row.layer}</td>
                  {row.top.map((t) => (
                    <td key={t.id}>
                      <code>{shown(t.text)}</code> {percent(t.probability)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
