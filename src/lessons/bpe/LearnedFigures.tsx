// What a learned vocabulary makes of its whole text: its size, the tokens, the 90/10 split, and, for WikiText-2
// cleaned as Project II does, the notebook's figures beside them.

import { PROJECT_II } from './meta';
import type { BpeRun } from './useBpeRun';

const n = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en') : '–');

export function LearnedFigures({ run }: { run: BpeRun }) {
  const { learned, corpus } = run;
  if (!learned) return null;
  const notebook = (corpus?.projectII ?? learned.corpusName.startsWith('WikiText-2')) && learned.config.merges === 6000 && learned.config.align === 'yes';
  return (
    <div className="table-scroll">
      <table className="numbers" data-testid="bpe-learned">
        <caption>
          {learned.step.toLocaleString('en')} merges on {learned.corpusName}
          {learned.step < learned.totalSteps ? ` (stopped; ${learned.totalSteps.toLocaleString('en')} planned)` : ''}: the text cut word by word
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Here</th>
            {notebook && <th scope="col">Project II notebook</th>}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">merges</th>
            <td>{n(learned.step)}</td>
            {notebook && <td>{n(PROJECT_II.merges)}</td>}
          </tr>
          <tr>
            <th scope="row">vocabulary</th>
            <td>{n(learned.vocab)}</td>
            {notebook && <td>{n(PROJECT_II.vocab)}</td>}
          </tr>
          <tr>
            <th scope="row">tokens</th>
            <td>{n(learned.tokens)}</td>
            {notebook && <td>{n(PROJECT_II.tokens)}</td>}
          </tr>
          <tr>
            <th scope="row">training / validation (90/10)</th>
            <td>
              {n(learned.train)} / {n(learned.validation)}
            </td>
            {notebook && (
              <td>
                {n(PROJECT_II.train)} / {n(PROJECT_II.validation)}
              </td>
            )}
          </tr>
          <tr>
            <th scope="row">tokens per word</th>
            <td>{Number.isFinite(learned.tokens) ? (learned.tokens / learned.words).toFixed(3) : '–'}</td>
            {notebook && <td>{(PROJECT_II.tokens / PROJECT_II.words).toFixed(3)}</td>}
          </tr>
          <tr>
            <th scope="row">seconds to learn / to encode</th>
            <td>
              {learned.learnSeconds.toFixed(1)} / {learned.encodeSeconds.toFixed(1)}
            </td>
            {notebook && (
              <td>
                {PROJECT_II.pythonLearnSeconds} / {PROJECT_II.pythonEncodeSeconds} (Python)
              </td>
            )}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
