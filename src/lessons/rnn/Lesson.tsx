import { useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useSeededCheck } from '../../client/useSeededCheck';
import { useBackend, useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../lib/urlState';
import { AllcloseCheck } from '../../ui/AllcloseCheck';
import { BackendBadge } from '../../ui/BackendBadge';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Heatmap } from '../../ui/Heatmap';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import { basicEnglish } from '../tokens/basicEnglish';
import type { SequenceTrace } from './api';
import elmanSource from './elman.ts?raw';
import { MAX_ROWS, MAX_TRACE_TOKENS, RNN_FIELDS } from './meta';

const fmtDiff = (x: number) => (x === 0 ? '0' : x.toExponential(1));
/** A token inside TeX: escaped, in roman type. */
const texWord = (w: string) => `\\text{${w.replace(/[\\{}$&#^_%~]/g, (c) => `\\${c === '\\' ? 'textbackslash ' : c}`)}}`;

export default function RnnLesson() {
  const { trainer } = useTrainer();
  const [state, setState] = useUrlState(RNN_FIELDS);
  const [workerError, setWorkerError] = useState<string>();
  const { backend, choose: chooseBackend } = useBackend(trainer, (message) => setWorkerError(message));

  // The reader's sentence: generation as repeated prediction, and teacher forcing
  const tokens = useMemo(() => basicEnglish(state.sentence), [state.sentence]);
  const sentenceProblem =
    tokens.length === 0
      ? 'Type a sentence: there are no words in it yet.'
      : tokens.length === 1
        ? 'Type at least two words: one word has nothing after it to predict.'
        : undefined;
  const shown = tokens.slice(0, MAX_ROWS + 1);

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
    trainer.rnnTrace(tracedTokens, state.hidden, state.seed, state.split).then(
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

  // The check against tf.layers.simpleRNN
  const { result: check, seed: checkSeed, again: checkAgain } = useSeededCheck(trainer && ((seed: number) => trainer.rnnCheck(seed)), setWorkerError);

  return (
    <article className="lesson">
      <p className="muted">Lesson 3 · follows Part III of the series</p>
      <h1>Recurrent neural networks</h1>
      <p className="lead">
        A language model writes by predicting the next word, again and again. To do that well it has to remember what came before. A recurrent network carries
        that memory in a vector, its hidden state, from one word to the next. Here you write one, step through it, and check it against a library's.
      </p>

      <h2>Writing text is predicting the next word, again and again</h2>
      <p>
        The probability of a sentence splits into one prediction per word, each given all the words before it. A model that can give{' '}
        <Tex>{'P(w \\mid w_1, \\dots, w_t)'}</Tex> can write: pick a likely next word, append it, and ask again.
      </p>
      <Tex display>{'P(w_1, \\dots, w_n) = P(w_1)\\, P(w_2 \\mid w_1)\\, P(w_3 \\mid w_1, w_2) \\cdots P(w_n \\mid w_1, \\dots, w_{n-1})'}</Tex>
      <p>
        Keeping only the last word, <Tex>{'P(w_{t+1} \\mid w_t)'}</Tex>, is the crude approximation the bigram model of Lesson 1 made. It cannot tell “Dinosaurs
        are …” from “Mice are …”: after “are” it must guess “big” and “small” alike, although the first word settles it.
      </p>
      <section className="widget" aria-labelledby="chain-heading">
        <h3 id="chain-heading">Your sentence, one prediction at a time</h3>
        <div className="field">
          <label htmlFor="rnn-sentence">Sentence</label>
          <input
            id="rnn-sentence"
            type="text"
            value={state.sentence}
            aria-describedby="rnn-sentence-message"
            aria-invalid={sentenceProblem ? true : undefined}
            onChange={(e) => setState({ sentence: e.target.value })}
          />
        </div>
        <div id="rnn-sentence-message" aria-live="polite">
          {sentenceProblem && <p className="message error">{sentenceProblem}</p>}
          {tokens.length > MAX_ROWS + 1 && (
            <p className="message info">
              The tables show the first {MAX_ROWS} predictions of {tokens.length - 1}.
            </p>
          )}
        </div>
        {!sentenceProblem && (
          <div className="table-scroll">
            <table className="numbers" data-testid="chain-table">
              <caption className="visually-hidden">Each prediction with its full history and with the last word only</caption>
              <thead>
                <tr>
                  <th scope="col">t</th>
                  <th scope="col">what a language model predicts</th>
                  <th scope="col">the last-word approximation</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(1).map((word, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td>
                      <Tex>{`P(${texWord(word)} \\mid ${[...(i > 5 ? ['\\dots'] : []), ...shown.slice(Math.max(0, i - 5), i + 1).map(texWord)].join(',\\ ')})`}</Tex>
                    </td>
                    <td>
                      <Tex>{`P(${texWord(word)} \\mid ${texWord(shown[i])})`}</Tex>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <h2>The Elman network: a hidden state that is fed back</h2>
      <p>
        The RNN reads one input <Tex>{'x_t'}</Tex> at a time. Its hidden layer gets the input and its own previous output, the hidden state{' '}
        <Tex>{'h_{t-1}'}</Tex>:
      </p>
      <Tex display>{'h_t = \\tanh\\left(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh}\\right), \\qquad h_0 = 0'}</Tex>
      <p>
        <Tex>{'W_{ih}'}</Tex> is <Tex>{'D_{hidden} \\times D_{in}'}</Tex> and <Tex>{'W_{hh}'}</Tex> is <Tex>{'D_{hidden} \\times D_{hidden}'}</Tex>, as PyTorch
        stores them. There is no output layer inside: the network returns all its hidden states, and the last one, so that a later call can go on from it
        instead of reading the whole prompt again. This is the whole forward pass, the code your browser runs:
      </p>
      <CodeExcerpt source={elmanSource} name="elmanForward" file="src/lessons/rnn/elman.ts" />

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
              <Heatmap
                caption={<Tex>{'x_t W_{ih}^T + b_{ih}'}</Tex>}
                label="x_t W_ih^T + b_ih"
                values={step.fromInput}
                rows={1}
                cols={trace.dHidden}
                range={1}
              />
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
              With a one-hot <Tex>{'x_t'}</Tex>, <Tex>{'x_t W_{ih}^T'}</Tex> is just the column of <Tex>{'W_{ih}'}</Tex> that belongs to “{tracedTokens[t]}”.
              The second term is where the past comes in:{' '}
              {t === 0 ? 'at the first step it is only the bias, since h_0 is zero.' : `h_${t} carries the ${t} word${t === 1 ? '' : 's'} before.`}{' '}
              {t < trace.steps.length - 1 ? `h_${t + 1} goes on into step ${t + 2}.` : `h_${t + 1} is the last state, the one the RNN returns.`}
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
              <div className="field">
                <label htmlFor="rnn-split">First call reads this many words</label>
                <input
                  id="rnn-split"
                  type="number"
                  min={1}
                  max={tracedTokens.length}
                  value={Math.min(state.split, tracedTokens.length)}
                  onChange={(e) => {
                    const n = Math.round(Number(e.target.value));
                    if (Number.isFinite(n)) setState({ split: Math.max(1, Math.min(MAX_TRACE_TOKENS, n)) });
                  }}
                />
              </div>
            </div>
            <p data-testid="rnn-carry">
              The first call reads “{tracedTokens.slice(0, trace.split).join(' ')}” and returns <Tex>{`h_{${trace.split}}`}</Tex>. The second call starts from
              it and reads “{tracedTokens.slice(trace.split).join(' ') || '(nothing left)'}”. Largest difference from one call over the whole sequence:{' '}
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

      <section className="widget" aria-labelledby="check-heading">
        <h3 id="check-heading">Is it right? The notebook's check, live</h3>
        <p>
          The notebook gives <code>torch.nn.RNN</code> the same weights as the hand-written RNN and checks that the outputs are equal. Here the library is
          TensorFlow.js's <code>tf.layers.simpleRNN</code>. It stores <Tex>{'W_{ih}^T'}</Tex> and <Tex>{'W_{hh}^T'}</Tex> and has a single bias, so the weights
          go across transposed, with <Tex>{'b_{ih} + b_{hh}'}</Tex> as its bias. Unit tests also check the hand-written RNN against vectors made with PyTorch
          itself.
        </p>
        <AllcloseCheck check={check} seed={checkSeed} layer="tf.layers.simpleRNN" onAgain={() => void checkAgain()} disabled={!trainer} testId="rnn-check" />
      </section>

      <h2>Training without labels: teacher forcing</h2>
      <p>
        Where do the targets come from? From the text itself. The inputs are the tokens, the targets are the same tokens shifted by one, so every position asks
        “what comes next?”. The model's own guess is never fed back during training: at every step the input is the true word, whatever the model predicted the
        step before. One wrong guess then cannot throw the rest of the sequence off, and all steps can be computed from the text at once.
      </p>
      <section className="widget" aria-labelledby="forcing-heading">
        <h3 id="forcing-heading">Your sentence as training pairs</h3>
        <p className="muted">The tokens come from Lesson 1's basic_english tokenizer; edit the sentence above.</p>
        {sentenceProblem ? (
          <p className="message error">{sentenceProblem}</p>
        ) : (
          <div className="table-scroll">
            <table className="numbers" data-testid="forcing-table">
              <caption className="visually-hidden">Input and target at each position</caption>
              <thead>
                <tr>
                  <th scope="col">position</th>
                  <th scope="col">input</th>
                  <th scope="col">target</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, -1).map((word, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td>{word}</td>
                    <td>{shown[i + 1]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {!sentenceProblem && (
          <p>
            Inputs “{shown.slice(0, -1).join(' ')}”, targets “{shown.slice(1).join(' ')}”.
          </p>
        )}
      </section>

      <p>
        Next, in Lesson 4, this RNN learns something real: <a href="#/counting">to count</a>.
      </p>
      <h2>Where this comes from</h2>
      <p>
        This lesson follows Part III of <a href={SERIES_URL}>“Mastering large language models”</a> and its notebook in{' '}
        <a href={`${NOTEBOOKS_URL}/tree/main/rnn`}>christianb93/MLLM</a>.
      </p>
    </article>
  );
}
