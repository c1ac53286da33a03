// Lesson 8's step-through: one transformer block on the reader's sentence, stage by stage, as heatmaps with
// their shapes.

import { useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import { basicEnglish } from '../../text/basicEnglish';
import { Heatmap } from '../../ui/Heatmap';
import { NumberField } from '../../ui/NumberField';
import { Tex } from '../../ui/Tex';
import type { BlockTrace, Matrix, TransformerApi } from './api';
import { DIMS, HEADS, MAX_TOKENS, type MaskChoice, TRANSFORMER_FIELDS, type TransformerState } from './meta';

/** A matrix of the trace as a heatmap, rows labelled by the tokens. */
function Stage({
  m,
  caption,
  label,
  tokens,
  colPrefix = '',
  testId,
}: {
  m: Matrix;
  caption: string;
  label?: string;
  tokens: string[];
  colPrefix?: string;
  testId?: string;
}) {
  return (
    <Heatmap
      values={m.values}
      rows={m.rows}
      cols={m.cols}
      caption={caption}
      label={label}
      rowLabels={tokens.map((t, i) => `${i + 1} ${t}`)}
      colLabels={colPrefix === 'token' ? tokens.map((t, i) => `${i + 1} ${t}`) : Array.from({ length: m.cols }, (_, j) => `${j + 1}`)}
      showValues={m.cols <= 16}
      testId={testId}
    />
  );
}

export function StepThroughWidget({
  trainer,
  state,
  setState,
}: {
  trainer?: LessonTrainer<TransformerApi>;
  state: TransformerState;
  setState: (patch: Partial<TransformerState>) => void;
}) {
  const tokens = useMemo(() => basicEnglish(state.sentence), [state.sentence]);
  const problem =
    tokens.length === 0
      ? 'Type a sentence: it is split into tokens as in Lesson 1.'
      : tokens.length > MAX_TOKENS
        ? `That is ${tokens.length} tokens; the step-through shows at most ${MAX_TOKENS} (its tables grow with the square of the length).`
        : state.dim % state.heads !== 0
          ? `The width ${state.dim} does not split into ${state.heads} heads.`
          : undefined;
  const [trace, setTrace] = useState<BlockTrace>();
  const [error, setError] = useState<string>();
  const [head, setHead] = useState(0);
  const key = JSON.stringify([tokens, state.dim, state.heads, state.mask, state.seed]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the tokens and settings
  useEffect(() => {
    if (!trainer || problem) return;
    let live = true;
    trainer.lesson.trace(tokens, { dim: state.dim, heads: state.heads, causal: state.mask === 'causal', seed: state.seed }).then(
      (t) => {
        if (!live) return;
        setTrace(t);
        setError(undefined);
      },
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [trainer, key, problem]);
  const shown = problem ? undefined : trace;
  const h = shown ? Math.min(head, shown.heads.length - 1) : 0;
  const dh = shown ? shown.options.dim / shown.options.heads : state.dim / state.heads;

  return (
    <section className="widget" aria-labelledby="block-heading">
      <h3 id="block-heading">One block on your sentence</h3>
      <div className="field">
        <label htmlFor="block-sentence">Sentence</label>
        <input
          id="block-sentence"
          type="text"
          value={state.sentence}
          maxLength={300}
          aria-invalid={problem ? true : undefined}
          aria-describedby="block-sentence-message"
          onChange={(e) => setState({ sentence: e.target.value })}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="block-dim">Width D</label>
          <select id="block-dim" value={state.dim} onChange={(e) => setState({ dim: Number(e.target.value) })}>
            {DIMS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="block-heads">Heads H</label>
          <select id="block-heads" value={state.heads} onChange={(e) => setState({ heads: Number(e.target.value) })}>
            {HEADS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="block-mask">Mask</label>
          <select id="block-mask" value={state.mask} onChange={(e) => setState({ mask: e.target.value as MaskChoice })}>
            <option value="causal">causal (a language model)</option>
            <option value="none">none (an encoder)</option>
          </select>
        </div>
        <NumberField
          id="block-seed"
          label="Seed of the weights"
          min={TRANSFORMER_FIELDS.seed.min}
          max={TRANSFORMER_FIELDS.seed.max}
          value={state.seed}
          fallback={TRANSFORMER_FIELDS.seed.default}
          onChange={(seed) => setState({ seed })}
        />
      </div>
      <p id="block-sentence-message" className={problem || error ? 'message error' : 'muted'} role={problem || error ? 'alert' : undefined}>
        {problem ??
          error ??
          `${tokens.length} tokens: ${tokens.join(' · ')}. The weights are random (seed ${state.seed}): this shows the arithmetic, not a trained model.`}
      </p>
      {shown && (
        <>
          <h4>1. The input: token plus position</h4>
          <p>
            Each token's vector (the same word gets the same one) plus its position's vector:{' '}
            <Tex>{`x \\in \\mathbb{R}^{${shown.tokens.length} \\times ${shown.options.dim}}`}</Tex>.
          </p>
          <Stage m={shown.x} caption="x = token embedding + position embedding" tokens={shown.tokens} testId="block-x" />
          <h4>2. LayerNorm, then queries, keys and values</h4>
          <p>
            Each row is normalised to mean 0 and variance 1, then multiplied by <Tex>{'W_q, W_k, W_v'}</Tex>. The {shown.options.dim} columns split into{' '}
            {shown.heads.length} {shown.heads.length === 1 ? 'head' : 'heads'} of <Tex>{`d_k = ${dh}`}</Tex>.
          </p>
          {shown.heads.length > 1 && (
            <fieldset className="field-row head-picker">
              <legend>Show head</legend>
              {shown.heads.map((_, i) => (
                <label key={i}>
                  <input type="radio" name="block-head" checked={h === i} onChange={() => setHead(i)} /> {i + 1}
                </label>
              ))}
            </fieldset>
          )}
          <Stage m={shown.heads[h].q} caption={`Q, head ${h + 1}`} tokens={shown.tokens} testId="block-q" />
          <Stage m={shown.heads[h].k} caption={`K, head ${h + 1}`} tokens={shown.tokens} />
          <Stage m={shown.heads[h].v} caption={`V, head ${h + 1}`} tokens={shown.tokens} />
          <h4>3. Scores, mask, weights</h4>
          <p>
            Row <Tex>{'t'}</Tex> scores every position against token <Tex>{'t'}</Tex>'s query: <Tex>{`QK^T / \\sqrt{${dh}}`}</Tex>.
            {shown.options.causal
              ? ' The causal mask sets the future to minus infinity, so the softmax gives it weight 0.'
              : ' Without a mask every token sees every other.'}
          </p>
          <Stage m={shown.heads[h].scores} caption={`Scores QKᵀ/√${dh}, head ${h + 1}`} tokens={shown.tokens} colPrefix="token" />
          {shown.options.causal && <Stage m={shown.heads[h].masked} caption={`Masked scores, head ${h + 1}`} tokens={shown.tokens} colPrefix="token" />}
          <Stage
            m={shown.heads[h].weights}
            caption={`Attention weights softmax(…), head ${h + 1}: each row sums to 1`}
            tokens={shown.tokens}
            colPrefix="token"
            testId="block-weights"
          />
          <h4>4. Each head's output, and all heads together</h4>
          <Stage m={shown.heads[h].out} caption={`Weights × V, head ${h + 1}`} tokens={shown.tokens} />
          <Stage m={shown.attention} caption="The heads side by side, times W_o: the attention's output" tokens={shown.tokens} />
          <h4>5. The residual stream and the MLP</h4>
          <Stage m={shown.h} caption="h = x + attention (the first residual connection)" tokens={shown.tokens} />
          <Stage m={shown.mlpHidden} caption="GELU(LN₂(h) W₁ᵀ + b₁): the MLP's hidden layer, 4D wide" tokens={shown.tokens} />
          <Stage m={shown.out} caption="out = h + MLP: the block's output, shaped like x" tokens={shown.tokens} testId="block-out" />
          <p className="muted" data-testid="block-check">
            Computed stage by stage here; the same block in one call (transformerBlock, checked against PyTorch in the tests) differs by at most{' '}
            {shown.checkDifference.toExponential(1)}.
          </p>
        </>
      )}
    </section>
  );
}
