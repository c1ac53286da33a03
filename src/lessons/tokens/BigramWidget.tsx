// Lesson 1's training demo: a bigram model trained on the loaded corpus in the worker, with its yardsticks.

import { useCallback, useState } from 'react';
import { errorText } from '../../client/errors';
import { useSavedModel } from '../../client/useSavedModel';
import type { LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import { BackendBadge } from '../../ui/BackendBadge';
import { type ChartPoint, chartPoints, LossChart } from '../../ui/LossChart';
import { MemoryNote } from '../../ui/MemoryNote';
import { NumberField } from '../../ui/NumberField';
import { ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import type { BigramInfo, CorpusSummary, NextTokenPrediction, TokensApi } from './api';
import { type CorpusChoice, pct, SOTU_NAME } from './CorpusWidget';
import { BIGRAM_SMALLER, bigramTrainingBytes, TOKENS_FIELDS, type TokensState } from './meta';

const fmtInt = (n: number) => n.toLocaleString('en');

export function BigramWidget({
  trainer,
  corpus,
  loadCorpus,
  state,
  setState,
}: {
  trainer?: LessonTrainer<TokensApi>;
  corpus?: CorpusSummary;
  loadCorpus: (choice: CorpusChoice) => Promise<CorpusSummary | undefined>;
  state: TokensState;
  setState: (patch: Partial<TokensState>) => void;
}) {
  // The training demo
  const [info, setInfo] = useState<BigramInfo>();
  const training = useTrainingRun({
    prepare: async () => {
      if (corpus) return true;
      // Without a corpus, Train loads the default one; a restored model trained on a file of the reader's needs it again.
      if (info && info.corpusName !== SOTU_NAME) {
        training.setError(
          `This model was trained on “${info.corpusName}”: pick that file (or another) in the corpus panel to go on training. Predictions work as they are.`,
        );
        return false;
      }
      return Boolean(await loadCorpus({ kind: 'sotu' }));
    },
    create: async () => {
      if (!trainer) return false;
      setInfo(
        await trainer.lesson.create({
          vocabSize: state.vocabSize,
          dim: state.dim,
          batch: state.batch,
          learningRate: state.learningRate,
          steps: state.steps,
          seed: state.seed,
        }),
      );
    },
    trainSteps: (maxSteps, onProgress) => trainer!.lesson.train(maxSteps, onProgress),
    extend: {
      label: 'Train 500 more steps',
      run: async () => {
        setState({ steps: await trainer!.lesson.extend(500) });
      },
    },
  });
  const { run, progress } = training;

  // A model trained before the last reload (or before a lost WebGL context) comes back from its checkpoint.
  const {
    backend,
    choose: chooseBackend,
    reset,
  } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      setInfo(restored.info);
      const { vocabSize, dim, batch, learningRate, steps, seed } = restored.config;
      setState({ vocabSize, dim, batch, learningRate, steps, seed });
      training.restoredAt(
        { step: restored.step, totalSteps: restored.config.steps },
        `Restored the model you trained before (step ${fmtInt(restored.step)}, saved ${new Date(restored.savedAt).toLocaleString('en')}, trained on ${restored.corpusName}).`,
        { steps: restored.points },
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage: () => {
      setInfo(undefined);
      setPrediction(undefined);
    },
  });

  const [predictWord, setPredictWord] = useState('the');
  const [prediction, setPrediction] = useState<NextTokenPrediction>();
  const predict = useCallback(async () => {
    if (!trainer) return;
    try {
      setPrediction(await trainer.lesson.predict(predictWord, 5));
    } catch (error) {
      training.setError(errorText(error));
    }
  }, [trainer, predictWord, training.setError]);

  const lastX = training.history.steps.at(-1)?.step ?? state.steps;
  const flat = (y: number): ChartPoint[] => [
    { x: 0, y },
    { x: Math.max(lastX, 1), y },
  ];
  const series = [
    { name: 'training loss', points: chartPoints(training.history.steps), color: '#1d5fd1' },
    ...(info
      ? [
          { name: 'knows nothing (ln V)', points: flat(info.uniformLoss), dashed: true, color: '#8a93a3' },
          { name: 'ignores the input (unigram entropy)', points: flat(info.unigramEntropy), dashed: true, color: '#b07a00' },
          { name: 'best bigram model', points: flat(info.bigramEntropy), dashed: true, color: '#0b6b3a' },
        ]
      : []),
  ];

  return (
    <section className="widget" aria-labelledby="demo-heading">
      <h3 id="demo-heading">Train a bigram model on the corpus</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
      <div className="field-row">
        <NumberField
          id="vocab-size"
          label="Vocabulary size"
          min={10}
          max={20000}
          value={state.vocabSize}
          fallback={TOKENS_FIELDS.vocabSize.default}
          disabled={run !== 'idle'}
          onChange={(v) => setState({ vocabSize: v })}
        />
        <NumberField
          id="dim"
          label="Vector size D"
          min={2}
          max={256}
          value={state.dim}
          fallback={TOKENS_FIELDS.dim.default}
          disabled={run !== 'idle'}
          onChange={(v) => setState({ dim: v })}
        />
        <NumberField
          id="batch"
          label="Batch"
          min={1}
          max={4096}
          value={state.batch}
          fallback={TOKENS_FIELDS.batch.default}
          disabled={run !== 'idle'}
          onChange={(v) => setState({ batch: v })}
        />
        <NumberField
          id="lr"
          label="Learning rate"
          min={0.00001}
          max={1}
          step={0.001}
          value={state.learningRate}
          fallback={TOKENS_FIELDS.learningRate.default}
          disabled={run !== 'idle'}
          onChange={(v) => setState({ learningRate: v })}
        />
        <NumberField
          id="steps"
          label="Steps"
          min={1}
          max={100000}
          value={state.steps}
          fallback={TOKENS_FIELDS.steps.default}
          disabled={run !== 'idle'}
          onChange={(v) => setState({ steps: v })}
        />
        <NumberField
          id="seed"
          label="Seed"
          min={0}
          value={state.seed}
          fallback={TOKENS_FIELDS.seed.default}
          disabled={run !== 'idle'}
          onChange={(v) => setState({ seed: v })}
        />
      </div>
      {!corpus && run === 'idle' && <p className="muted">Train loads the State of the Union addresses if no corpus is loaded yet.</p>}
      {run === 'idle' && (
        <MemoryNote bytes={bigramTrainingBytes(state, Math.min(state.vocabSize, corpus ? corpus.distinct + 1 : state.vocabSize))} smaller={BIGRAM_SMALLER} />
      )}
      <RunControls training={training} disabled={!trainer} onPause={() => void trainer?.pause()} onReset={() => void reset()} />
      {progress && (
        <ProgressBar
          step={progress.step}
          totalSteps={progress.totalSteps}
          examplesPerSecond={progress.examplesPerSecond}
          secondsLeft={run === 'running' ? progress.secondsLeft : Number.NaN}
          unit="pairs"
        />
      )}
      {info && (
        <p className="muted">
          {fmtInt(info.pairs)} pairs of neighbouring tokens, V = {fmtInt(info.vocabSize)}.
        </p>
      )}
      <LossChart title="Bigram training loss" xLabel="step" yLabel="loss (nats)" series={series} />
      <div className="field-row">
        <div className="field">
          <label htmlFor="predict-word">Which words follow…</label>
          <input
            id="predict-word"
            type="text"
            value={predictWord}
            maxLength={60}
            onChange={(e) => setPredictWord(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && predict()}
          />
        </div>
        <button type="button" onClick={predict} disabled={run === 'idle'}>
          Predict
        </button>
      </div>
      {prediction && (
        <div aria-live="polite">
          {!prediction.known && <p className="message warn">That word is not in the model's vocabulary: it is read as &lt;unk&gt;.</p>}
          <ol data-testid="prediction">
            {prediction.next.map((n) => (
              <li key={n.token}>
                <code>{n.token}</code> {pct(n.probability)}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
