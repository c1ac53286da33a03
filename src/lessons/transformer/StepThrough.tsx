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
import { useTrainedModel, WeightsPicker } from './WeightsPicker';

/** Columns a stage shows at most: wider ones (a trained model's 192 or its MLP's 1,024) show their first ones. */
const MAX_COLUMNS = 128;

/** The largest |value| over several matrices: one colour scale for a stage across its heads. */
function rangeOf(ms: Matrix[]): number {
  let max = 0;
  for (const m of ms) for (const v of m.values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return max || 1;
}

/** A matrix of the trace as a heatmap, rows labelled by the tokens. */
function Stage({
  m,
  caption,
  label,
  tokens,
  colPrefix = '',
  range,
  sequential,
  testId,
}: {
  m: Matrix;
  caption: string;
  label?: string;
  tokens: string[];
  colPrefix?: string;
  range?: number;
  sequential?: boolean;
  testId?: string;
}) {
  const cols = Math.min(m.cols, MAX_COLUMNS);
  const values = cols === m.cols ? m.values : Array.from({ length: m.rows * cols }, (_, i) => m.values[Math.floor(i / cols) * m.cols + (i % cols)]);
  return (
    <Heatmap
      values={values}
      rows={m.rows}
      cols={cols}
      caption={cols === m.cols ? caption : `${caption} (its first ${cols} of ${m.cols.toLocaleString('en')} columns)`}
      label={label}
      rowLabels={tokens.map((t, i) => `${i + 1} ${t}`)}
      colLabels={colPrefix === 'token' ? tokens.map((t, i) => `${i + 1} ${t}`) : Array.from({ length: cols }, (_, j) => `${j + 1}`)}
      showValues={cols <= 16}
      range={range}
      sequential={sequential}
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
  const random = state.weights === 'random';
  const model = useTrainedModel(trainer, state.weights);
  const words = useMemo(() => basicEnglish(state.sentence), [state.sentence]);
  const tokens = words.slice(0, MAX_TOKENS);
  const problem =
    state.sentence.trim() === '' || (random && words.length === 0)
      ? 'Type a sentence: it is split into tokens as in Lesson 1 (a trained model cuts it into its own tokens).'
      : random && state.dim % state.heads !== 0
        ? `The width ${state.dim} does not split into ${state.heads} heads.`
        : undefined;
  const [trace, setTrace] = useState<BlockTrace>();
  const [error, setError] = useState<string>();
  const [head, setHead] = useState(0);
  const summary = random ? undefined : model.summary;
  const layer = summary ? Math.min(state.layer, summary.layers) : 1;
  const key = JSON.stringify(random ? [tokens, state.dim, state.heads, state.mask, state.seed] : [summary?.name, state.sentence, layer]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the tokens, the model and the settings
  useEffect(() => {
    if (!trainer || problem || (!random && !summary)) return;
    let live = true;
    const traced = random
      ? trainer.lesson.trace(tokens, { dim: state.dim, heads: state.heads, causal: state.mask === 'causal', seed: state.seed })
      : trainer.lesson.traceTrained(state.sentence, layer);
    traced.then(
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
  const wanted = random ? 'random' : summary?.name;
  const shown = problem || (trace && (random ? !trace.source.startsWith('random') : trace.source !== wanted)) ? undefined : trace;
  const h = shown ? Math.min(head, shown.heads.length - 1) : 0;
  const dh = shown ? shown.options.dim / shown.options.heads : state.dim / state.heads;
  const post = shown?.kind.norm === 'post';
  const ranges = useMemo(() => {
    const of = (pick: (t: BlockTrace['heads'][number]) => Matrix) => (shown ? rangeOf(shown.heads.map(pick)) : 1);
    return { q: of((t) => t.q), k: of((t) => t.k), v: of((t) => t.v), scores: of((t) => t.scores), out: of((t) => t.out) };
  }, [shown]);
  const act = shown?.kind.activation === 'relu' ? 'ReLU' : 'GELU';
  const alert = problem ?? error ?? model.error;
  const status = random
    ? `${tokens.length} tokens: ${tokens.join(' · ')}${words.length > tokens.length ? ` (the first ${tokens.length} of ${words.length}: the rest are left out)` : ''}. The weights are random (seed ${state.seed}): this shows the arithmetic, not a trained model.`
    : !summary
      ? model.loading
        ? 'Opening the trained model…'
        : state.weights === 'tiny'
          ? 'Use the tiny GPT you trained in Lesson 9 (saved in this browser), or open a file it exported.'
          : 'Opening Project II’s ready-trained transformer…'
      : shown
        ? `${shown.tokens.length} tokens of its own: ${shown.tokens.join(' · ')}${shown.dropped > 0 ? ` (${shown.dropped} more left out: it shows at most ${shown.tokens.length})` : ''}. Weights: ${shown.source}, block ${shown.layer} of ${shown.layers}, trained, with the causal mask it was trained with.`
        : `Weights: ${summary.name}.`;

  return (
    <section className="widget" aria-labelledby="block-heading">
      <h3 id="block-heading">One block on your sentence</h3>
      <WeightsPicker choice={state.weights} onChoice={(weights) => setState({ weights })} model={model} layer={layer} onLayer={(l) => setState({ layer: l })} />
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
      {random && (
        <div className="field-row">
          {(
            [
              ['dim', 'block-dim', 'Width D', DIMS],
              ['heads', 'block-heads', 'Heads H', HEADS],
            ] as const
          ).map(([key, id, label, options]) => (
            <div className="field" key={id}>
              <label htmlFor={id}>{label}</label>
              <select id={id} value={state[key]} onChange={(e) => setState({ [key]: Number(e.target.value) })}>
                {options.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
          ))}
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
      )}
      <p id="block-sentence-message" className={alert ? 'message error' : 'muted'} role={alert ? 'alert' : undefined}>
        {alert ?? status}
      </p>
      {shown && (
        <>
          <h4>1. The input: token plus position</h4>
          <p>
            Each token's vector (the same token gets the same one) plus its position's vector
            {shown.layer > 1 ? `, then blocks 1 to ${shown.layer - 1}: block ${shown.layer} reads their output` : ''}:{' '}
            <Tex>{`x \\in \\mathbb{R}^{${shown.tokens.length} \\times ${shown.options.dim}}`}</Tex>.
          </p>
          <Stage
            m={shown.x}
            caption={shown.layer > 1 ? `x = the output of block ${shown.layer - 1}` : 'x = token embedding + position embedding'}
            tokens={shown.tokens}
            testId="block-x"
          />
          <h4>2. {post ? 'Queries, keys and values (the LayerNorm comes after)' : 'LayerNorm, then queries, keys and values'}</h4>
          <p>
            {post
              ? 'This block is post-LayerNorm, as the original transformer and Project II are: the attention reads x as it is, and each LayerNorm comes after its residual sum. '
              : 'Each row is normalised to mean 0 and variance 1, then '}
            {post ? 'x is ' : ''}multiplied by <Tex>{'W_q, W_k, W_v'}</Tex>. The {shown.options.dim} columns split into {shown.heads.length}{' '}
            {shown.heads.length === 1 ? 'head' : 'heads'} of <Tex>{`d_k = ${dh}`}</Tex>. Each stage keeps one colour scale for all its heads, so heads can be
            compared.
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
          <Stage m={shown.heads[h].q} caption={`Q, head ${h + 1}`} tokens={shown.tokens} range={ranges.q} testId="block-q" />
          <Stage m={shown.heads[h].k} caption={`K, head ${h + 1}`} tokens={shown.tokens} range={ranges.k} />
          <Stage m={shown.heads[h].v} caption={`V, head ${h + 1}`} tokens={shown.tokens} range={ranges.v} />
          <h4>3. Scores, mask, weights</h4>
          <p>
            Row <Tex>{'t'}</Tex> scores every position against token <Tex>{'t'}</Tex>'s query: <Tex>{`QK^T / \\sqrt{${dh}}`}</Tex>.
            {shown.options.causal
              ? ' The causal mask sets the future to minus infinity, so the softmax gives it weight 0.'
              : ' Without a mask every token sees every other.'}
          </p>
          <Stage m={shown.heads[h].scores} caption={`Scores QKᵀ/√${dh}, head ${h + 1}`} tokens={shown.tokens} colPrefix="token" range={ranges.scores} />
          {shown.options.causal && (
            <Stage m={shown.heads[h].masked} caption={`Masked scores, head ${h + 1}`} tokens={shown.tokens} colPrefix="token" range={ranges.scores} />
          )}
          <Stage
            m={shown.heads[h].weights}
            caption={`Attention weights softmax(…), head ${h + 1}: each row sums to 1`}
            tokens={shown.tokens}
            colPrefix="token"
            range={1}
            sequential
            testId="block-weights"
          />
          <h4>4. Each head's output, and all heads together</h4>
          <Stage m={shown.heads[h].out} caption={`Weights × V, head ${h + 1}`} tokens={shown.tokens} range={ranges.out} />
          <Stage m={shown.attention} caption="The heads side by side, times W_o: the attention's output" tokens={shown.tokens} />
          <h4>5. The residual stream and the MLP</h4>
          <Stage
            m={shown.h}
            caption={post ? 'h = LN₁(x + attention) (the first residual connection, then its LayerNorm)' : 'h = x + attention (the first residual connection)'}
            tokens={shown.tokens}
          />
          <Stage
            m={shown.mlpHidden}
            caption={`${act}(${post ? 'h' : 'LN₂(h)'} W₁ᵀ + b₁): the MLP's hidden layer, ${shown.mlpHidden.cols.toLocaleString('en')} wide`}
            tokens={shown.tokens}
          />
          <Stage
            m={shown.out}
            caption={post ? "out = LN₂(h + MLP): the block's output, shaped like x" : "out = h + MLP: the block's output, shaped like x"}
            tokens={shown.tokens}
            testId="block-out"
          />
          <p className="muted" data-testid="block-check">
            Computed stage by stage here; the same block in one call (transformerBlock, checked against PyTorch in the tests) differs by at most{' '}
            {shown.checkDifference.toExponential(1)}.
          </p>
        </>
      )}
    </section>
  );
}
