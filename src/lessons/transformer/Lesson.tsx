import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import attentionSource from '../../models/attention.ts?raw';
import blockSource from '../../models/block.ts?raw';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { SERIES_URL } from '../index';
import type { TransformerApi } from './api';
import { TRANSFORMER_FIELDS } from './meta';
import { StepThroughWidget } from './StepThrough';

export default function TransformerLesson() {
  const { trainer } = useTrainer<TransformerApi>();
  const [state, setState] = useUrlState(TRANSFORMER_FIELDS);

  return (
    <article className="lesson">
      <p className="muted">Lesson 8 · the series' road after part IV: the transformer block</p>
      <h1>Self-attention and the transformer block</h1>
      <p className="lead">
        In Lesson 7 a decoder looked back at an encoder's states. Let every position of one sequence look at the positions of the same sequence, drop the
        recurrence altogether, and you have the layer that today's language models are stacks of. Here you step through one such block on your own sentence.
      </p>

      <h2>From attention to self-attention</h2>
      <p>
        The decoder of Lesson 7 compared its state with each encoder state and read a weighted mean of them. Self-attention does that inside one sequence, for
        every position at once, and gives each of the three roles its own projection of the input <Tex>{'X'}</Tex> (one row per token): a <em>query</em> (what
        this position looks for), a <em>key</em> (what it offers to be found by) and a <em>value</em> (what it passes on when found):
      </p>
      <Tex display>
        {
          'Q = X W_q, \\qquad K = X W_k, \\qquad V = X W_v, \\qquad \\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\!\\left(\\frac{Q K^T}{\\sqrt{d_k}}\\right) V'
        }
      </Tex>
      <p>
        Row <Tex>{'t'}</Tex> of <Tex>{'QK^T'}</Tex> scores every position against position <Tex>{'t'}</Tex>; the softmax turns the row into weights that sum to
        1. Dividing by <Tex>{'\\sqrt{d_k}'}</Tex> keeps the scores of long vectors from growing so large that the softmax puts all its weight on one position
        and its gradient vanishes.
      </p>
      <p>
        A language model predicts each token from the ones before it, so position <Tex>{'t'}</Tex> must not see positions after it. The <em>causal mask</em>{' '}
        sets those scores to <Tex>{'-\\infty'}</Tex> before the softmax, which gives them weight 0. All positions still train in one pass, each on its own past,
        which is what makes transformers fast to train where an RNN goes step by step.
      </p>
      <p>
        One softmax mixes one kind of relation. <em>Multi-head</em> attention splits the width <Tex>{'D'}</Tex> into <Tex>{'H'}</Tex> heads of{' '}
        <Tex>{'d_k = D/H'}</Tex>, lets each attend on its own, puts their outputs side by side and mixes them with <Tex>{'W_o'}</Tex>. And since a weighted mean
        does not care about order, each position's vector gets a learned <em>position embedding</em> added to its token embedding.
      </p>

      <h2>The block</h2>
      <p>
        A transformer block wraps the attention and a small two-layer network (the MLP, four times as wide as <Tex>{'D'}</Tex>, with the GELU non-linearity) in
        LayerNorm and residual connections, as GPT-2 does:
      </p>
      <Tex display>
        {
          'h = x + \\mathrm{Attn}(\\mathrm{LN}_1(x)), \\qquad \\mathrm{out} = h + \\mathrm{MLP}(\\mathrm{LN}_2(h)), \\qquad \\mathrm{MLP}(z) = \\mathrm{GELU}(z W_1^T + b_1) W_2^T + b_2'
        }
      </Tex>
      <p>
        LayerNorm rescales each position's vector to mean 0 and variance 1 (then a learned gain and bias), which keeps deep stacks trainable. The residual
        connections let every block add to a shared stream rather than replace it. The code your browser runs, checked against PyTorch's{' '}
        <code>MultiheadAttention</code> and <code>TransformerEncoderLayer</code> within <Tex>{'10^{-5}'}</Tex> in this project's tests:
      </p>
      <CodeExcerpt source={attentionSource} name="multiHeadAttention" file="src/models/attention.ts" />
      <CodeExcerpt source={blockSource} name="transformerBlock" file="src/models/block.ts" />

      <p>
        Random weights show the arithmetic and nothing more: their maps mean nothing. To see what training makes of the same block, pick{' '}
        <em>Project II's ready-trained transformer</em> (Lesson 12: four post-LayerNorm blocks of 8 heads, trained on WikiText-2 with subword tokens) or the
        tiny GPT you trained in Lesson 9 (kept in this browser, or a file it exported: characters, pre-LayerNorm as above). The sentence is then cut into that
        model's own tokens, and any of its blocks can be stepped through: a trained head often looks at the token just before, at the first token, or at a word
        that matters for the next one.
      </p>
      <StepThroughWidget trainer={trainer} state={state} setState={setState} />

      <h2>Where this comes from</h2>
      <p>
        The series “<a href={SERIES_URL}>Mastering large language models</a>” names transformer blocks as the step after attention. Self-attention and the block
        are from Vaswani et al., “Attention Is All You Need” (2017); the pre-LayerNorm arrangement and learned position embeddings are GPT-2's (Radford et al.,
        2019). Lesson 9 stacks these blocks into a small GPT and trains it.
      </p>
    </article>
  );
}
