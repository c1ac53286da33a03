// Lesson 3's step-through: a fresh RNN run over the reader's words in the worker, one time step at a time,
// every vector of the step as a heatmap, and the run cut in two calls.

import { useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import { basicEnglish } from '../../text/basicEnglish';
import type { BackendChoice, BackendInfo } from '../../train/types';
import { BackendBadge } from '../../ui/BackendBadge';
import { Heatmap } from '../../ui/Heatmap';
import { NumberField } from '../../ui/NumberField';
import { Tex } from '../../ui/Tex';
import type { RnnApi, SequenceTrace } from './api';
import { MAX_TRACE_TOKENS, type RnnState } from './meta';

const fmtDiff = (x: number) => (x === 0 ? '0' : x.toExponential(1));

export function StepThroughWidget({
  trainer,
  backend,
  chooseBackend,
  state,
  setState,
  workerError,
  setWorkerError,
}: {
  trainer?: LessonTrainer<RnnApi>;
  backend?: BackendInfo;
  chooseBackend: (choice: BackendChoice) => void;
  workerError?: string;
  state: RnnState;
  setState: (patch: Partial<RnnState>) => void;
  setWorkerError: (message: string | undefined) => void;
}) {
  // The step-through
  const tracedTokens = useMemo(() => basicEnglish(state.traced), [state.traced]);
  const traceProblem =
    tracedTokens.length === 0
      ? 'Type a few words to run the RNN over.'
      : tracedTokens.length > MAX_TRACE_TOKENS
        ? `That is ${tracedTokens.length} tokens; the step-through takes at most ${MAX_TRACE_TOKENS}, so that every vector fits on the screen.`
        : undefined;
  const [trace, setTrace] = useState<SequenceTrace>();
  const [t, setT] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: after a change of backend the trace is run again on the new one
  useEffect(() => {
    if (!trainer || traceProblem) return;
    let live = true;
    trainer.lesson.trace(tracedTokens, state.hidden, state.seed, state.split).then(
      (result) => {
        if (!live) return;
        setTrace(result);
        setT((current) => Math.min(current, result.steps.length - 1));
        setWorkerError(undefined);
      },
      (error) => live && setWorkerError(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [trainer, tracedTokens, traceProblem, state.hidden, state.seed, state.split, backend]);
  const step = trace?.steps[t];

  return (
    <section className="widget" aria-labelledby="step-heading">
      <h3 id="step-heading">Step through it</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} />
      <div className="field-row">
        <div className="field">
          <label htmlFor="rnn-traced">Sequence (each distinct word becomes one one-hot input)</label>
          <input
            id="rnn-traced"
            type="text"
            value={state.traced}
            aria-describedby="rnn-traced-message"
            aria-invalid={traceProblem ? true : undefined}
            onChange={(e) => setState({ traced: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="rnn-hidden">Hidden size</label>
          <select id="rnn-hidden" value={state.hidden} onChange={(e) => setState({ hidden: Number(e.target.value) })}>
            {[2, 3, 4, 5, 6, 8].map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => setState({ seed: state.seed + 1 })}>
          New random weights
        </button>
      </div>
      <div id="rnn-traced-message" aria-live="polite">
        {traceProblem && <p className="message error">{traceProblem}</p>}
        {workerError && (
          <p className="message error" role="alert">
            {workerError}
          </p>
        )}
      </div>
      {trace && step && !traceProblem && (
        <>
          <div className="controls" role="group" aria-label="Time step">
            <button type="button" onClick={() => setT(Math.max(0, t - 1))} disabled={t === 0}>
              Previous step
            </button>
            <button type="button" onClick={() => setT(Math.min(trace.steps.length - 1, t + 1))} disabled={t >= trace.steps.length - 1}>
              Next step
            </button>
            <span className="progress-text" aria-live="polite" data-testid="rnn-step">
              t = {t + 1} of {trace.steps.length}: “{tracedTokens[t]}”
            </span>
          </div>
          <ol className="chips" aria-label="The sequence">
            {tracedTokens.map((token, i) => (
              <li key={i} className={`chip${i === t ? ' centre' : i < t ? ' context' : ''}`} aria-current={i === t ? 'step' : undefined}>
                <span className="chip-token">{token}</span>
                <span className="chip-id">t={i + 1}</span>
              </li>
            ))}
          </ol>
          <div className="step-grid" data-testid="rnn-step-grid">
            <Heatmap
              caption={
                <>
                  <Tex>{'x_t'}</Tex> (one-hot)
                </>
              }
              label="x_t (one-hot)"
              values={step.x}
              rows={1}
              cols={trace.dIn}
              colLabels={trace.vocabulary}
              range={1}
            />
            <Heatmap
              caption={
                <>
                  <Tex>{`h_{${t}}`}</Tex> {t === 0 ? '(zeros)' : `(from step ${t})`}
                </>
              }
              label={t === 0 ? 'h_0 (zeros)' : `h_${t} (from step ${t})`}
              values={step.hPrev}
              rows={1}
              cols={trace.dHidden}
              range={1}
            />
          </div>
          <div className="step-grid">
            <Heatmap caption={<Tex>{'x_t W_{ih}^T + b_{ih}'}</Tex>} label="x_t W_ih^T + b_ih" values={step.fromInput} rows={1} cols={trace.dHidden} range={1} />
            <span className="op" aria-hidden="true">
              +
            </span>
            <Heatmap
              caption={<Tex>{'h_{t-1} W_{hh}^T + b_{hh}'}</Tex>}
              label="h_(t-1) W_hh^T + b_hh"
              values={step.fromHidden}
              rows={1}
              cols={trace.dHidden}
              range={1}
            />
            <span className="op" aria-hidden="true">
              =
            </span>
            <Heatmap caption="sum" values={step.sum} rows={1} cols={trace.dHidden} range={1} />
            <span className="op" aria-hidden="true">
              → tanh →
            </span>
            <Heatmap
              caption={<Tex>{`h_{${t + 1}} = \\tanh(\\text{sum})`}</Tex>}
              label={`h_${t + 1}`}
              values={step.h}
              rows={1}
              cols={trace.dHidden}
              range={1}
              testId="rnn-h"
            />
          </div>
          <p>
            With a one-hot <Tex>{'x_t'}</Tex>, <Tex>{'x_t W_{ih}^T'}</Tex> is just the column of <Tex>{'W_{ih}'}</Tex> that belongs to “{tracedTokens[t]}”. The
            second term is where the past comes in:{' '}
            {t === 0 ? (
              <>
                at the first step it is only the bias, since <Tex>{'h_0'}</Tex> is zero.
              </>
            ) : (
              <>
                <Tex>{`h_{${t}}`}</Tex> carries the {t} word{t === 1 ? '' : 's'} before.
              </>
            )}{' '}
            <Tex>{`h_{${t + 1}}`}</Tex> {t < trace.steps.length - 1 ? `goes on into step ${t + 2}.` : 'is the last state, the one the RNN returns.'}
          </p>
          <details>
            <summary>The weights (random, as nn.RNN starts)</summary>
            <div className="step-grid">
              <Heatmap
                caption={<Tex>{'W_{ih}'}</Tex>}
                label="W_ih"
                values={trace.weights.wIh}
                rows={trace.dHidden}
                cols={trace.dIn}
                colLabels={trace.vocabulary}
              />
              <Heatmap caption={<Tex>{'W_{hh}'}</Tex>} label="W_hh" values={trace.weights.wHh} rows={trace.dHidden} cols={trace.dHidden} />
              <Heatmap caption={<Tex>{'b_{ih}'}</Tex>} label="b_ih" values={trace.weights.bIh} rows={1} cols={trace.dHidden} />
              <Heatmap caption={<Tex>{'b_{hh}'}</Tex>} label="b_hh" values={trace.weights.bHh} rows={1} cols={trace.dHidden} />
            </div>
          </details>
          <h4>Carrying h into a later call</h4>
          <div className="field-row">
            <NumberField
              id="rnn-split"
              label="First call reads this many words"
              min={1}
              max={tracedTokens.length}
              value={Math.min(state.split, tracedTokens.length)}
              fallback={1}
              onChange={(split) => setState({ split })}
            />
          </div>
          <p data-testid="rnn-carry">
            The first call reads “{tracedTokens.slice(0, trace.split).join(' ')}” and returns <Tex>{`h_{${trace.split}}`}</Tex>. The second call starts from it
            and reads “{tracedTokens.slice(trace.split).join(' ') || '(nothing left)'}”. Largest difference from one call over the whole sequence:{' '}
            <strong>{fmtDiff(trace.maxDifference)}</strong>.
          </p>
          <Heatmap
            caption={
              <>
                <Tex>{`h_{${trace.split}}`}</Tex>, handed from the first call to the second
              </>
            }
            label={`h_${trace.split}, handed from the first call to the second`}
            values={trace.handedOver}
            rows={1}
            cols={trace.dHidden}
            range={1}
          />
        </>
      )}
    </section>
  );
}
