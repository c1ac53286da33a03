// Lesson 2's analogies: "a is to b as c is to ?" in the embedding the reader picks, scored as 3CosAdd or 3CosMul,
// the query words left out, with examples that work on WikiText-2's two million words and some that do not.

import { useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import { Tex } from '../../ui/Tex';
import type { AnalogyOptions, Word2vecAnalogy, Word2vecApi } from './api';
import type { TrainedWord2vec } from './useWord2vecRun';

/** Examples with their answers: the first five hold on the ready-trained model, the last two are harder for 2 M words. */
export const ANALOGY_EXAMPLES: [string, string, string, string][] = [
  ['man', 'woman', 'father', 'mother'],
  ['he', 'she', 'his', 'her'],
  ['go', 'went', 'take', 'took'],
  ['france', 'french', 'germany', 'german'],
  ['one', 'two', 'three', 'four'],
  ['man', 'woman', 'king', 'queen'],
  ['england', 'london', 'france', 'paris'],
];

/** 1st, 2nd, 3rd, 4th, 11th, 21st... */
export const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n.toLocaleString('en')}${suffix}`;
};

const EMBEDDINGS = [
  { value: 'context', label: 'context embedding (the embedding layer, as the notebook reads it)' },
  { value: 'centre', label: 'centre embedding (the output layer)' },
  { value: 'both', label: 'both (each word’s two vectors, each of length 1, added)' },
] as const;

export function AnalogyWidget({ trainer, trained }: { trainer?: LessonTrainer<Word2vecApi>; trained?: TrainedWord2vec }) {
  const [words, setWords] = useState<[string, string, string, string]>(ANALOGY_EXAMPLES[0]);
  const [options, setOptions] = useState<Omit<AnalogyOptions, 'expected'>>({ embedding: 'context', method: 'add' });
  const [result, setResult] = useState<Word2vecAnalogy & { expected: string }>();
  const [error, setError] = useState<string>();
  const solve = async (w = words, o = options) => {
    try {
      const answer = await trainer!.lesson.analogy([w[0], w[1], w[2]], 5, { ...o, expected: w[3].trim() || undefined });
      setResult({ ...answer, expected: w[3].trim().toLowerCase() });
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const expectedLine = () => {
    if (!result?.expected || result.missing.length > 0) return null;
    if (!result.expectedKnown) return <p className="muted">“{result.expected}” is not in the vocabulary.</p>;
    if (result.expectedRank === undefined) return null;
    return (
      <p data-testid="analogy-rank">
        “{result.expected}” ranks <strong>{ordinal(result.expectedRank)}</strong> of {(trained?.plan.vocabSize ?? 0).toLocaleString('en')} words here
        {result.expectedRank === 1 ? '.' : ': try the other embedding, or the other score.'}
      </p>
    );
  };
  return (
    <section className="widget" aria-labelledby="analogy-heading">
      <h3 id="analogy-heading">Analogies</h3>
      <p>
        “a is to b as c is to ?”: the word <Tex>{'x'}</Tex> whose vector is nearest to <Tex>{'b - a + c'}</Tex> (3CosAdd, every vector first scaled to length
        1), or the one that maximises <Tex>{"\\cos'(x, b) \\cos'(x, c) / (\\cos'(x, a) + 0.001)"}</Tex> with <Tex>{"\\cos' = (\\cos + 1)/2"}</Tex> (Levy and
        Goldberg's 3CosMul, which lets no single term dominate). The three words themselves are left out, as gensim does: otherwise “king” would often be its
        own answer.
      </p>
      <p>
        Set your expectations by the data. Mikolov et al.'s famous “king - man + woman = queen” came from vectors trained on billions of words; WikiText-2 has
        two million, and the notebook keeps the 4,056 words seen at least 50 times. What so little text teaches well is grammar: pronouns, plurals, tenses, the
        adjective of a country, which appear thousands of times in the same frames. Facts about the world (capitals, royal titles) need far more text: on the
        ready-trained model “queen” ranks 10th in the context embedding and 3rd in the centre one, and “paris” is found only with both embeddings.
      </p>
      <div className="field-row" role="group" aria-label="Examples">
        {ANALOGY_EXAMPLES.map((example) => (
          <button
            key={example.join(':')}
            type="button"
            className="link-button"
            disabled={!trained}
            onClick={() => {
              setWords(example);
              void solve(example);
            }}
          >
            {example[0]} : {example[1]} :: {example[2]} : ?
          </button>
        ))}
      </div>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          void solve();
        }}
      >
        {(['a', 'b', 'c', 'expected'] as const).map((name, i) => (
          <div className="field" key={name}>
            <label htmlFor={`analogy-${name}`}>{name === 'expected' ? 'expected (optional)' : name}</label>
            <input
              id={`analogy-${name}`}
              type="text"
              value={words[i]}
              maxLength={40}
              onChange={(e) => setWords((w) => w.map((x, j) => (j === i ? e.target.value : x)) as [string, string, string, string])}
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor="analogy-embedding">Vectors</label>
          <select
            id="analogy-embedding"
            value={options.embedding}
            onChange={(e) => setOptions((o) => ({ ...o, embedding: e.target.value as AnalogyOptions['embedding'] }))}
          >
            {EMBEDDINGS.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="analogy-method">Score</label>
          <select
            id="analogy-method"
            value={options.method}
            onChange={(e) => setOptions((o) => ({ ...o, method: e.target.value as AnalogyOptions['method'] }))}
          >
            <option value="add">3CosAdd: nearest to b - a + c</option>
            <option value="mul">3CosMul</option>
          </select>
        </div>
        <button type="submit" disabled={!trained}>
          Solve
        </button>
      </form>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {result && result.missing.length > 0 && <p className="message warn">Not in the vocabulary: {result.missing.join(', ')}.</p>}
      {result && result.results.length > 0 && (
        <ol data-testid="analogy-results">
          {result.results.map((r) => (
            <li key={r.word}>
              {r.word} ({r.score.toFixed(3)})
            </li>
          ))}
        </ol>
      )}
      {expectedLine()}
    </section>
  );
}
