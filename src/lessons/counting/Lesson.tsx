import { useCallback, useMemo, useState } from 'react';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import { useUrlState } from '../../lib/urlState';
import type { CountingAccuracy, CountingConfig, CountingPrediction } from './api';
import { useTrainer } from '../../client/useTrainer';
import { useSavedModel, useTrainingRun } from '../../client/useTrainingRun';
import { BackendBadge } from '../../ui/BackendBadge';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Heatmap } from '../../ui/Heatmap';
import { LossChart } from '../../ui/LossChart';
import { NumberField } from '../../ui/NumberField';
import { ProbabilityBars } from '../../ui/ProbabilityBars';
import { ProgressBar } from '../../ui/ProgressBar';
import { Tex } from '../../ui/Tex';
import { RunControls } from '../../ui/RunControls';
import countingSource from './counting.ts?raw';
import { COUNTING_FIELDS, NOTEBOOK_LOSSES, NOTEBOOK_RECIPE, PROBES, parseSequence } from './meta';
import { errorText } from '../../client/errors';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export default function CountingLesson() {
  const { trainer } = useTrainer();
  const [state, setState] = useUrlState(COUNTING_FIELDS);
  const config: CountingConfig = useMemo(() => ({ ...state }), [state]);
  const items = Math.max(0, state.vocab - state.length);

  const [trained, setTrained] = useState<{ config: CountingConfig; stepsPerEpoch: number; totalSteps: number }>();
  const [accuracy, setAccuracy] = useState<CountingAccuracy>();

  const training = useTrainingRun({
    create: async () => {
      if (!trainer) return false;
      const plan = await trainer.countCreate(config);
      clearModel();
      setTrained({ config, stepsPerEpoch: plan.stepsPerEpoch, totalSteps: plan.totalSteps });
    },
    trainSteps: (maxSteps, onProgress) => trainer!.countTrain(maxSteps, onProgress),
    onFinished: (result) => setAccuracy(result.accuracy),
  });
  const { run, progress } = training;

  /** Empties what the page shows of a model (the run state is the hook's). */
  const clearModel = () => {
    setAccuracy(undefined);
    setTrained(undefined);
    setPrediction(undefined);
    setProbeAnswers(undefined);
  };

  const { backend, choose: chooseBackend, reset } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.countRestore();
      if (!restored) return;
      setTrained({ config: restored.config, stepsPerEpoch: restored.stepsPerEpoch, totalSteps: restored.totalSteps });
      setAccuracy(restored.accuracy);
      setState(restored.config);
      training.restoredAt(
        { step: restored.step, totalSteps: restored.totalSteps, epoch: Math.floor(restored.step / restored.stepsPerEpoch) },
        `Restored the model saved after step ${restored.step} of ${restored.totalSteps} (epoch ${restored.epochMeans.length} of ${restored.config.epochs}).`,
        { epochs: restored.epochMeans },
      );
    },
    forget: async () => {
      await trainer?.countReset();
    },
    clearPage: clearModel,
  });

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
      const result = await trainer.countPredict(parsed.values, undefined);
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
      const result = await trainer.countPredict([prediction.result.argmax], prediction.result.h);
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
      for (const probe of PROBES) answers.push((await trainer.countPredict(probe.prompt)).argmax);
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

  const editable = run === 'idle';
  const perEpoch = trained?.stepsPerEpoch ?? 1;
  const epochPoints = training.history.epochs.map((e) => ({ x: e.epoch + 1, y: e.loss }));
  const lastEpoch = epochPoints.at(-1);
  const series = [
    { name: 'mean loss per epoch', points: epochPoints, color: '#b3261e' },
    { name: 'loss per batch', points: training.history.steps.map((p) => ({ x: p.step / perEpoch, y: p.loss })), color: '#1d5fd1' },
    { name: 'notebook', points: NOTEBOOK_LOSSES.map((e) => ({ x: e.epoch, y: e.loss })), dashed: true, color: '#8a93a3' },
  ];

  return (
    <article className="lesson">
      <p className="muted">Lesson 4 · follows Part IV of the series</p>
      <h1>An RNN that learns to count</h1>
      <p className="lead">
        Show a recurrent network 7, 8, 9, 10 and ask what comes next. Nobody tells it the rule; it sees sequences of numbers and learns to
        predict each next one. Here you train it in a few seconds, ask it questions, and find out what it really learned.
      </p>

      <h2>The data</h2>
      <p>
        The numbers 0 to <Tex>{`${state.vocab - 1}`}</Tex> are the vocabulary (<Tex>{`V = ${state.vocab}`}</Tex>), each one a one-hot vector.
        Every run of <Tex>{`L = ${state.length}`}</Tex> consecutive numbers is a training item, and its targets are the same numbers shifted by
        one: teacher forcing, as in Lesson 3. That makes <Tex>{`V - L = ${items}`}</Tex> items and <Tex>{`${items * state.length}`}</Tex> next-number
        predictions.
      </p>
      <div className="table-scroll">
        <table className="numbers" data-testid="counting-items">
          <caption>Some of the training items</caption>
          <thead>
            <tr>
              <th scope="col">item</th>
              <th scope="col">inputs</th>
              <th scope="col">targets</th>
            </tr>
          </thead>
          <tbody>
            {[0, 1, 7, items - 1].filter((i, k, all) => i >= 0 && all.indexOf(i) === k).map((i) => (
              <tr key={i}>
                <td>{i}</td>
                <td>{Array.from({ length: state.length }, (_, t) => i + t).join(', ')}</td>
                <td>{Array.from({ length: state.length }, (_, t) => i + t + 1).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>The model</h2>
      <p>
        The RNN of Lesson 3 with a hidden state of <Tex>{`${state.hidden}`}</Tex> numbers, and a linear layer that turns each hidden state into{' '}
        <Tex>{'V'}</Tex> scores, one per possible next number:
      </p>
      <Tex display>{'h_t = \\tanh(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh}), \\qquad f_t = h_t W^T + b, \\qquad P(x_{t+1} \\mid x_1 \\dots x_t) = \\mathrm{softmax}(f_t)'}</Tex>
      <p>
        The loss is the cross entropy at every step of every item. Training follows the notebook: batches of {NOTEBOOK_RECIPE.batch} (two per
        epoch), Adam with learning rate {NOTEBOOK_RECIPE.learningRate} multiplied by <Tex>{'(E - e)/E'}</Tex> in epoch <Tex>{'e'}</Tex>,{' '}
        {NOTEBOOK_RECIPE.epochs} epochs, and the RNN's weights drawn from <Tex>{'\\mathcal{N}(0, 1)'}</Tex>.
      </p>
      <CodeExcerpt source={countingSource} name="countingForward" file="src/lessons/counting/counting.ts" />

      <section className="widget" aria-labelledby="train-heading">
        <h3 id="train-heading">Train it</h3>
        <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
        <div className="field-row">
          <NumberField id="count-vocab" label="V (numbers 0…V−1)" min={4} max={1024} value={state.vocab} fallback={128} disabled={!editable} onChange={(v) => setState({ vocab: v })} />
          <NumberField id="count-length" label="L (sequence length)" min={1} max={64} value={state.length} fallback={6} disabled={!editable} onChange={(v) => setState({ length: v })} />
          <NumberField id="count-hidden" label="Hidden size" min={1} max={256} value={state.hidden} fallback={32} disabled={!editable} onChange={(v) => setState({ hidden: v })} />
          <NumberField id="count-batch" label="Batch" min={1} max={1024} value={state.batch} fallback={61} disabled={!editable} onChange={(v) => setState({ batch: v })} />
          <NumberField id="count-epochs" label="Epochs" min={1} max={2000} value={state.epochs} fallback={25} disabled={!editable} onChange={(v) => setState({ epochs: v })} />
          <NumberField id="count-lr" label="Learning rate" min={0.000001} max={10} step={0.01} value={state.learningRate} fallback={0.1} disabled={!editable} onChange={(v) => setState({ learningRate: v })} />
          <NumberField id="count-seed" label="Seed" min={0} value={state.seed} fallback={0} disabled={!editable} onChange={(v) => setState({ seed: v })} />
        </div>
        {editable && (
          <p className="muted">
            {items} items, {Math.floor(items / Math.max(1, state.batch))} batches an epoch (a last, short batch is dropped), {Math.floor(items / Math.max(1, state.batch)) * state.epochs} steps in
            all.{' '}
            <button type="button" className="link-button" onClick={() => setState(NOTEBOOK_RECIPE)}>
              Back to the notebook's recipe
            </button>
          </p>
        )}
        <RunControls training={training} disabled={!trainer} onPause={() => void trainer?.pause()} onReset={() => void reset()} />
        {progress && trained && (
          <ProgressBar step={progress.step} totalSteps={trained.totalSteps} examplesPerSecond={progress.examplesPerSecond} secondsLeft={progress.secondsLeft} unit="sequences" />
        )}
        <ul className="stats" aria-live="polite">
          <li>
            epoch <strong data-testid="count-epoch">{trained ? `${training.history.epochs.length} of ${trained.config.epochs}` : '–'}</strong>
          </li>
          <li>
            loss, last epoch <strong data-testid="count-loss">{lastEpoch ? lastEpoch.y.toFixed(3) : '–'}</strong>
          </li>
          <li>
            right predictions <strong data-testid="count-accuracy">{accuracy ? `${accuracy.correct} of ${accuracy.total}` : '–'}</strong>
          </li>
          <li>
            accuracy <strong>{accuracy ? pct(accuracy.accuracy) : '–'}</strong>
          </li>
        </ul>
        <LossChart title="Training loss" xLabel="epoch" yLabel="loss" series={series} />
        <p className="muted">
          The dashed line is the loss the notebook printed (5.032 after the first epoch, 0.0879 after the last). Your curve differs in the
          details, because the random start and the shuffling differ, but not in shape.
        </p>
      </section>

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
            <p className="muted">
              Argmax after each step of the last call: {prediction.result.argmaxEachStep.join(', ')}.
            </p>
            <Heatmap
              caption={<>Hidden state <Tex>{'h_t'}</Tex>: one row per unit, one column per step of the last call</>} label="Hidden state h_t: one row per unit, one column per step of the last call"
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
              At the last step the model sees only the last number, one-hot. Everything else it knows about the sequence is in{' '}
              <Tex>{'h'}</Tex>: the hidden state is its memory. That is why Continue needs to send only the new number.
            </p>
          </>
        )}
      </section>

      <section className="widget" aria-labelledby="probe-heading">
        <h3 id="probe-heading">What did it really learn?</h3>
        <p>
          A model that learned “add one” would get all of these right. Trained models in PyTorch get the first five right nearly always, and
          most of the others wrong: they learned “the number that follows this one <em>at this position</em>”, which is all the data shows
          them.
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
                <th scope="col">why it is interesting</th>
                <th scope="col">“add one” says</th>
                <th scope="col">the model says</th>
              </tr>
            </thead>
            <tbody>
              {PROBES.map((probe, i) => {
                const answer = probeAnswers?.[i];
                return (
                  <tr key={probe.prompt.join(',')}>
                    <td>{probe.prompt.join(', ')}</td>
                    <td>{probe.note}</td>
                    <td>{probe.expected}</td>
                    <td className={answer === undefined ? '' : answer === probe.expected ? 'ok' : 'bad'}>
                      {answer === undefined ? '–' : `${answer} ${answer === probe.expected ? '✓' : '✗'}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <h2>Where this comes from</h2>
      <p>
        This lesson follows Part IV of <a href={SERIES_URL}>“Mastering large language models”</a> and its notebook{' '}
        <a href={`${NOTEBOOKS_URL}/blob/main/rnn/LearningHowToCount.ipynb`}>LearningHowToCount.ipynb</a>. The model code above is what your browser
        runs: <code>src/lessons/counting/counting.ts</code>.
      </p>
    </article>
  );
}
