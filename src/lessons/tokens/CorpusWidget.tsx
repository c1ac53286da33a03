// Lesson 1's corpus panel: load the State of the Union addresses or a file, and see min_freq's trade in numbers.

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LoadProgress } from '../../train/types';
import { LoadProgressBar } from '../../ui/LoadProgressBar';
import type { CorpusSummary } from './api';
import { MIN_FREQS } from './corpusStats';
import type { TokensState } from './meta';

export const SOTU_NAME = 'State of the Union addresses';
export type CorpusChoice = { kind: 'sotu' } | { kind: 'file'; file: File };

const fmtInt = (n: number) => n.toLocaleString('en');
export const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)} %`;

function CorpusChart({ summary }: { summary: CorpusSummary }) {
  const data = summary.curve.map((p) => ({ minFreq: p.minFreq, vocab: p.vocabSize, unk: 100 * p.unkShare }));
  const label = `Vocabulary size and share of <unk> tokens as min_freq goes from 1 to ${MIN_FREQS[MIN_FREQS.length - 1]}: ${summary.curve
    .map((p) => `min_freq ${p.minFreq}: V ${p.vocabSize}, ${pct(p.unkShare)} unknown`)
    .join('; ')}.`;
  return (
    <figure className="chart">
      <div className="chart-canvas" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d8dce3" />
            <XAxis
              dataKey="minFreq"
              scale="log"
              type="number"
              domain={[1, MIN_FREQS[MIN_FREQS.length - 1]]}
              ticks={[...MIN_FREQS]}
              label={{ value: 'min_freq', position: 'insideBottomRight', offset: -4 }}
            />
            <YAxis yAxisId="vocab" scale="log" domain={['auto', 'auto']} width={72} tickFormatter={(v: number) => fmtInt(v)} />
            <YAxis yAxisId="unk" orientation="right" domain={[0, 'auto']} width={48} tickFormatter={(v: number) => `${v.toFixed(0)} %`} />
            <Tooltip
              formatter={(value, name) =>
                typeof value !== 'number' ? String(value) : String(name).startsWith('share') ? `${value.toFixed(value < 1 ? 2 : 1)} %` : fmtInt(value)
              }
              labelFormatter={(x) => `min_freq ${x}`}
            />
            <Legend />
            <Line yAxisId="vocab" dataKey="vocab" name="vocabulary size V" stroke="#1d5fd1" isAnimationActive={false} />
            <Line yAxisId="unk" dataKey="unk" name="share of <unk> (%)" stroke="#b3261e" strokeDasharray="6 4" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Vocabulary size by min_freq as a table</summary>
        <table className="numbers">
          <thead>
            <tr>
              <th scope="col">min_freq</th>
              <th scope="col">V (with &lt;unk&gt;)</th>
              <th scope="col">tokens that become &lt;unk&gt;</th>
            </tr>
          </thead>
          <tbody>
            {summary.curve.map((p) => (
              <tr key={p.minFreq}>
                <td>{p.minFreq}</td>
                <td>{fmtInt(p.vocabSize)}</td>
                <td>{pct(p.unkShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function CorpusWidget({
  corpus,
  corpusLoad,
  corpusError,
  loadCorpus,
  ready,
  state,
  setState,
}: {
  corpus?: CorpusSummary;
  corpusLoad?: LoadProgress;
  corpusError?: string;
  loadCorpus: (choice: CorpusChoice) => void;
  ready: boolean;
  state: TokensState;
  setState: (patch: Partial<TokensState>) => void;
}) {
  const corpusPoint = corpus?.curve.find((p) => p.minFreq === state.corpusMinFreq) ?? corpus?.curve[0];
  return (
    <section className="widget" aria-labelledby="corpus-heading">
      <h3 id="corpus-heading">Corpus</h3>
      <div className="field-row">
        <button type="button" onClick={() => loadCorpus({ kind: 'sotu' })} disabled={!ready || corpusLoad !== undefined}>
          Load the State of the Union addresses
        </button>
        <div className="field">
          <label htmlFor="corpus-file">Or pick a text file</label>
          <input
            id="corpus-file"
            type="file"
            accept=".txt,text/plain"
            disabled={!ready || corpusLoad !== undefined}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) loadCorpus({ kind: 'file', file });
              e.target.value = '';
            }}
          />
        </div>
      </div>
      {corpusLoad && <LoadProgressBar progress={corpusLoad} />}
      {corpusError && (
        <p className="message error" role="alert">
          {corpusError}
          {corpus ? ` The corpus loaded before (${corpus.name}) is still in use.` : ''}
        </p>
      )}
      {corpus && (
        <>
          <p>
            <strong data-testid="corpus-name">{corpus.name}</strong>
            {corpus.fromCache ? ' (from the browser cache)' : ''}
          </p>
          <ul className="stats">
            <li>
              <strong>{fmtInt(corpus.chars)}</strong> characters
            </li>
            <li>
              <strong>{fmtInt(corpus.documents)}</strong> documents
            </li>
            <li>
              <strong data-testid="corpus-tokens">{fmtInt(corpus.tokens)}</strong> tokens
            </li>
            <li>
              <strong>{fmtInt(corpus.distinct)}</strong> distinct tokens
            </li>
          </ul>
          <div className="field">
            <label htmlFor="corpus-min-freq">min_freq for this corpus</label>
            <select id="corpus-min-freq" value={corpusPoint?.minFreq} onChange={(e) => setState({ corpusMinFreq: Number(e.target.value) })}>
              {MIN_FREQS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </div>
          {corpusPoint && (
            <p aria-live="polite">
              At min_freq {corpusPoint.minFreq} the vocabulary has <strong>{fmtInt(corpusPoint.vocabSize)}</strong> entries and{' '}
              <strong>{pct(corpusPoint.unkShare)}</strong> of the running text becomes <code>&lt;unk&gt;</code>.
            </p>
          )}
          <CorpusChart summary={corpus} />
          <h4>The most frequent tokens</h4>
          <div className="table-scroll">
            <table className="numbers" aria-label="Most frequent tokens">
              <thead>
                <tr>
                  <th scope="col">id</th>
                  <th scope="col">token</th>
                  <th scope="col">count</th>
                  <th scope="col">share</th>
                </tr>
              </thead>
              <tbody>
                {corpus.top.map((row, i) => (
                  <tr key={row.token}>
                    <td>{i + 1}</td>
                    <td>
                      <code>{row.token}</code>
                    </td>
                    <td>{fmtInt(row.count)}</td>
                    <td>{pct(row.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            Ids start at 1 because id 0 is <code>&lt;unk&gt;</code>.
          </p>
        </>
      )}
    </section>
  );
}
