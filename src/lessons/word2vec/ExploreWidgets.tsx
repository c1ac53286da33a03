// Lesson 2's tools that ask the trained model: nearest neighbours (refreshed while it trains), analogies, a
// map of words, and the export of the vectors.

import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import { download } from '../../ui/download';
import { placeLabels } from '../../ui/labels';
import type { RunState } from '../../ui/TrainControls';
import type { Word2vecApi, Word2vecNeighbours } from './api';
import type { TrainedWord2vec } from './useWord2vecRun';

function NeighbourTable({ title, rows, testId }: { title: string; rows: { word: string; score: number }[]; testId: string }) {
  return (
    <table className="numbers" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">word</th>
          <th scope="col">cosine</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.word}>
            <td>{r.word}</td>
            <td>{r.score.toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function NeighboursWidget({ trainer, trained, run }: { trainer?: LessonTrainer<Word2vecApi>; trained?: TrainedWord2vec; run: RunState }) {
  // Neighbours, refreshed while training runs
  const [word, setWord] = useState('king');
  const [neighbours, setNeighbours] = useState<Word2vecNeighbours>();
  const [neighbourError, setNeighbourError] = useState<string>();
  const lookUp = useCallback(
    async (w: string) => {
      if (!trainer) return;
      try {
        setNeighbours(await trainer.lesson.neighbours(w, 10));
        setNeighbourError(undefined);
      } catch (error) {
        setNeighbourError(errorText(error));
      }
    },
    [trainer],
  );
  useEffect(() => {
    if (run !== 'running' || !neighbours) return;
    const timer = setInterval(() => void lookUp(neighbours.word), 2500);
    return () => clearInterval(timer);
  }, [run, neighbours, lookUp]);
  // A model that is reset takes its answers with it.
  useEffect(() => {
    if (!trained) setNeighbours(undefined);
  }, [trained]);

  return (
    <section className="widget" aria-labelledby="neighbours-heading">
      <h3 id="neighbours-heading">Nearest neighbours</h3>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          void lookUp(word);
        }}
      >
        <div className="field">
          <label htmlFor="w2v-word">Word</label>
          <input id="w2v-word" type="text" value={word} maxLength={60} onChange={(e) => setWord(e.target.value)} />
        </div>
        <button type="submit" disabled={!trained}>
          Show neighbours
        </button>
      </form>
      {!trained && <p className="muted">Train a model (or let one be restored) to ask it.</p>}
      {neighbourError && <p className="message error">{neighbourError}</p>}
      {neighbours && !neighbours.known && (
        <p className="message warn" data-testid="w2v-unknown">
          “{neighbours.word}” is not in the vocabulary.
          {neighbours.suggestions.length > 0 && ' Closest spellings that are: '}
          {neighbours.suggestions.map((s, i) => (
            <span key={s}>
              {i > 0 && ', '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setWord(s);
                  void lookUp(s);
                }}
              >
                {s}
              </button>
            </span>
          ))}
        </p>
      )}
      {neighbours?.known && (
        <div className="columns">
          <NeighbourTable title={`Context embedding: nearest to “${neighbours.word}”`} rows={neighbours.context} testId="w2v-context-neighbours" />
          <NeighbourTable title={`Centre embedding: nearest to “${neighbours.word}”`} rows={neighbours.centre} testId="w2v-centre-neighbours" />
        </div>
      )}
    </section>
  );
}

export function MapExportWidgets({ trainer, trained }: { trainer?: LessonTrainer<Word2vecApi>; trained?: TrainedWord2vec }) {
  const [mapWords, setMapWords] = useState('king queen prince man woman father mother son france italy germany england city town village war battle army');
  const [map, setMap] = useState<{ points: { word: string; x: number; y: number }[]; missing: string[]; explained: [number, number] }>();
  const [toolError, setToolError] = useState<string>();

  return (
    <>
      <section className="widget" aria-labelledby="map-heading">
        <h3 id="map-heading">A map of words</h3>
        <p>The context vectors of these words, projected to two dimensions by principal component analysis (PCA):</p>
        <form
          className="field-row"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              setMap(
                await trainer!.lesson.map(
                  mapWords
                    .toLowerCase()
                    .split(/[\s,]+/)
                    .filter(Boolean)
                    .slice(0, 60),
                ),
              );
              setToolError(undefined);
            } catch (error) {
              setToolError(errorText(error));
            }
          }}
        >
          <div className="field" style={{ flex: '1 1 20rem' }}>
            <label htmlFor="map-words">Words</label>
            <input id="map-words" type="text" value={mapWords} onChange={(e) => setMapWords(e.target.value)} />
          </div>
          <button type="submit" disabled={!trained}>
            Draw map
          </button>
        </form>
        {toolError && <p className="message error">{toolError}</p>}
        {map && <WordMap points={map.points} explained={map.explained} />}
        {map && map.missing.length > 0 && <p className="muted">Not in the vocabulary: {map.missing.join(', ')}.</p>}
      </section>

      <section className="widget" aria-labelledby="export-heading">
        <h3 id="export-heading">Take the vectors with you</h3>
        <p>
          vectors.tsv and metadata.tsv load into the TensorFlow Embedding Projector (projector.tensorflow.org, “Load”); the JSON holds the vocabulary and both
          matrices.
        </p>
        <div className="controls">
          <button
            type="button"
            disabled={!trained}
            onClick={async () => {
              const out = await trainer!.lesson.export();
              download('vectors.tsv', out.vectorsTsv, 'text/tab-separated-values');
              download('metadata.tsv', out.metadataTsv, 'text/tab-separated-values');
            }}
          >
            Export for the Embedding Projector
          </button>
          <button type="button" disabled={!trained} onClick={async () => download('word2vec.json', (await trainer!.lesson.export()).json, 'application/json')}>
            Export as JSON
          </button>
        </div>
      </section>
    </>
  );
}

/**
 * A scatter of labelled points on the first two principal components, scaled to fit, with both axes through
 * the mean, each saying the share of the variance it carries, and labels placed so that they do not overlap.
 */
function WordMap({ points, explained }: { points: { word: string; x: number; y: number }[]; explained: [number, number] }) {
  if (points.length === 0) return null;
  const [W, H, margin, font] = [640, 320, 28, 13];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(0, ...xs), Math.max(0, ...xs), Math.min(0, ...ys), Math.max(0, ...ys)];
  const sx = (x: number) => margin + ((x - minX) / (maxX - minX || 1)) * (W - 2 * margin - 80);
  const sy = (y: number) => margin + ((maxY - y) / (maxY - minY || 1)) * (H - 2 * margin);
  const labels = placeLabels(
    points.map((p) => ({ x: sx(p.x), y: sy(p.y), text: p.word })),
    font,
    W,
    H,
  );
  const pct = (share: number) => `${(100 * share).toFixed(0)} %`;
  return (
    <figure className="chart">
      <svg
        className="word-map"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Map of ${points.length} words on the first two principal components (${pct(explained[0])} and ${pct(explained[1])} of the variance): ${points
          .map((p) => `${p.word} at (${p.x.toFixed(2)}, ${p.y.toFixed(2)})`)
          .join('; ')}`}
      >
        <line x1={margin} x2={W - margin} y1={sy(0)} y2={sy(0)} stroke="#b8bec8" />
        <line x1={sx(0)} x2={sx(0)} y1={margin / 2} y2={H - margin / 2} stroke="#b8bec8" />
        <text x={W - margin} y={sy(0) - 6} fontSize={11} textAnchor="end" fill="#5b6472">
          PC 1 ({pct(explained[0])} of the variance)
        </text>
        <text x={sx(0) + 6} y={margin / 2 + 8} fontSize={11} fill="#5b6472">
          PC 2 ({pct(explained[1])})
        </text>
        {points.map((p, i) => (
          <g key={p.word}>
            <circle cx={sx(p.x)} cy={sy(p.y)} r={3} fill="#1d5fd1" />
            <text x={labels[i].x} y={labels[i].y} fontSize={font}>
              {p.word}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="muted">
        Each word's context vector, projected on the two directions along which these words' vectors vary most (PCA); together they show{' '}
        {pct(explained[0] + explained[1])} of their variance, so words close here may still lie far apart in the other dimensions.
      </figcaption>
    </figure>
  );
}
