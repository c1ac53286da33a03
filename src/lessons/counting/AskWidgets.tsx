// Lesson 4's widgets that ask the trained model: a sequence of the reader's (with Continue, the top 5 and the
// hidden state), and the probes that show where it generalises and where it does not.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import { Heatmap } from '../../ui/Heatmap';
import { ProbabilityBars } from '../../ui/ProbabilityBars';
import { Tex } from '../../ui/Tex';
import type { RunState } from '../../ui/TrainControls';
import type { CountingApi, CountingConfig, CountingPrediction } from './api';
import { PROBES, parseSequence } from './meta';
import type { TrainedCounting } from './useCountingRun';

export function AskWidgets({
  trainer,
  trained,
  run,
  state,
}: {
  trainer?: LessonTrainer<CountingApi>;
  trained?: TrainedCounting;
  run: RunState;
  state: CountingConfig;
}) {
  // Asking the model
  const [sequenceText, setSequenceText] = useState('7, 8, 9, 10');
  const [prediction, setPrediction] = useState<{ sequence: number[]; result: CountingPrediction; continued: number[] }>();
  const [predictError, setPredictError] = useState<string>();
  const vocab = trained?.config.vocab ?? state.vocab;
  const predict = useCallback(async () => {
    if (!trainer) return;
    const parsed = parseSequence(sequenceText, vocab);
    if (!parsed.ok) {
      setPredictError(parsed.message);
      return;
    }
    if (!trained) {
      setPredictError('The model is not trained yet: press Train above first (it takes a few seconds).');
      return;
    }
    try {
      const result = await trainer.lesson.predict(parsed.values, undefined);
      setPrediction({ sequence: parsed.values, result, continued: [] });
      setPredictError(undefined);
    } catch (error) {
      setPredictError(errorText(error));
    }
  }, [trainer, sequenceText, vocab, trained]);
  const continueOne = useCallback(async () => {
    if (!trainer || !prediction) return;
    try {
      // Only the new number goes in; everything before it is in the carried hidden state.
      const result = await trainer.lesson.predict([prediction.result.argmax], prediction.result.h);
      setPrediction({ ...prediction, result, continued: [...prediction.continued, prediction.result.argmax] });
      setPredictError(undefined);
    } catch (error) {
      setPredictError(errorText(error));
    }
  }, [trainer, prediction]);

  const [probeAnswers, setProbeAnswers] = useState<number[]>();
  const runProbes = useCallback(async () => {
    if (!trainer) return;
    try {
      const answers: number[] = [];
      for (const probe of PROBES) answers.push((await trainer.lesson.predict(probe.prompt)).argmax);
      setProbeAnswers(answers);
    } catch (error) {
      setPredictError(errorText(error));
    }
  }, [trainer]);

  const top = prediction
    ? Array.from(prediction.result.probabilities.keys())
        .sort((a, b) => prediction.result.probabilities[b] - prediction.result.probabilities[a])
        .slice(0, 5)
        .map((i) => ({ label: String(i), probability: prediction.result.probabilities[i] }))
    : [];
  const hiddenSize = trained?.config.hidden ?? state.hidden;
  const shownSequence = prediction ? [...prediction.sequence, ...prediction.continued] : [];
  const stepsShown = prediction ? prediction.result.states.length / hiddenSize : 0;
  // The hidden states as [D_h, L]: one row per unit, one column per step.
  const unitsByStep = useMemo(() => {
    if (!prediction) return new Float32Array(0);
    const { states } = prediction.result;
    const out = new Float32Array(states.length);
    for (let t = 0; t < stepsShown; t++) for (let u = 0; u < hiddenSize; u++) out[u * stepsShown + t] = states[t * hiddenSize + u];
    return out;
  }, [prediction, stepsShown, hiddenSize]);
  // A new model, a restored one or none: the answers of the one before go.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `trained` is the trigger, not an input
  useEffect(() => {
    setPrediction(undefined);
    setProbeAnswers(undefined);
  }, [trained]);

  return (
    <>
      <section className="widget" aria-labelledby="ask-heading">
        <h3 id="ask-heading">Ask it what comes next</h3>
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault();
            void predict();
          }}
        >
          <div className="field">
            <label htmlFor="count-sequence">Sequence (numbers from 0 to {vocab - 1}, any length)</label>
            <input
              id="count-sequence"
              type="text"
              inputMode="numeric"
              value={sequenceText}
              aria-invalid={predictError ? true : undefined}
              aria-describedby="count-sequence-message"
              onChange={(e) => setSequenceText(e.target.value)}
            />
          </div>
          <button type="submit" className="primary">
            Predict
          </button>
          <button type="button" onClick={() => void continueOne()} disabled={!prediction}>
            Continue
          </button>
        </form>
        <div id="count-sequence-message" aria-live="polite">
          {predictError && (
            <p className="message error" role="alert">
              {predictError}
            </p>
          )}
        </div>
        {prediction && (
          <>
            <p>
              After <span data-testid="count-input">{shownSequence.join(', ')}</span> the model says{' '}
              <span className="answer" data-testid="count-answer">
                {prediction.result.argmax}
              </span>
              {prediction.continued.length > 0 && (
                <span className="muted"> (the last {prediction.continued.length} fed back one at a time, with the carried hidden state)</span>
              )}
            </p>
            <ProbabilityBars title="Top 5 next numbers" items={top} testId="count-top5" />
            <p className="muted">Argmax after each step of the last call: {prediction.result.argmaxEachStep.join(', ')}.</p>
            <Heatmap
              caption={
                <>
                  Hidden state <Tex>{'h_t'}</Tex>: one row per unit, one column per step of the last call
                </>
              }
              label="Hidden state h_t: one row per unit, one column per step of the last call"
              values={unitsByStep}
              rows={hiddenSize}
              cols={stepsShown}
              range={1}
              showValues={false}
              rowLabels={Array.from({ length: hiddenSize }, (_, u) => String(u))}
              colLabels={(prediction.continued.length > 0 ? [prediction.continued[prediction.continued.length - 1]] : prediction.sequence).map(String)}
              testId="count-hidden"
            />
            <p>
              At the last step the model sees only the last number, one-hot. Everything else it knows about the sequence is in <Tex>{'h'}</Tex>: the hidden
              state is its memory. That is why Continue needs to send only the new number.
            </p>
          </>
        )}
      </section>

      <section className="widget" aria-labelledby="probe-heading">
        <h3 id="probe-heading">What did it really learn?</h3>
        <p>
          A model that learned “add one” would get all of these right. Trained models in PyTorch get the first five right nearly always, and most of the others
          wrong: they learned “the number that follows this one <em>at this position</em>”, which is all the data shows them.
        </p>
        <button type="button" onClick={() => void runProbes()} disabled={!trained || run === 'running'}>
          Ask all of them
        </button>
        <div className="table-scroll">
          <table className="numbers" data-testid="count-probes">
            <caption className="visually-hidden">Probe sequences and the model's answers</caption>
            <thead>
              <tr>
                <th scope="col">sequence</th>
                <th scope="col">the model says</th>
                <th scope="col">“add one” says</th>
                <th scope="col">why it is interesting</th>
              </tr>
            </thead>
            <tbody>
              {PROBES.map((probe, i) => {
                const answer = probeAnswers?.[i];
                return (
                  <tr key={probe.prompt.join(',')}>
                    <td>{probe.prompt.join(', ')}</td>
                    <td className={answer === undefined ? '' : answer === probe.expected ? 'ok' : 'bad'}>
                      {answer === undefined ? '–' : `${answer} ${answer === probe.expected ? '✓' : '✗'}`}
                    </td>
                    <td>{probe.expected}</td>
                    <td>{probe.note}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {probeAnswers && <p data-testid="count-probe-verdict">{probeVerdict(probeAnswers)}</p>}
      </section>
    </>
  );
}

/** What this run's answers to the probes say, in words that follow the answers (not the notebook's run). */
export function probeVerdict(answers: readonly number[]): string {
  const right = answers.filter((a, i) => a === PROBES[i].expected).length;
  const firstFive = answers.slice(0, 5).filter((a, i) => a === PROBES[i].expected).length;
  const tally = `Your model got ${right} of ${PROBES.length} right (${firstFive} of the first five).`;
  if (right === PROBES.length) return `${tally} It answers like “add one” on every probe here: try sequences of your own above, longer or starting higher.`;
  if (right > firstFive)
    return `${tally} It goes further than most trained models, which get only the first five right; but where it fails, it has not learned “add one” either.`;
  return `${tally} Like most trained models: right where the training data shows the pattern, wrong beyond it.`;
}
