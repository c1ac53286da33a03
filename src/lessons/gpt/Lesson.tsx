import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import kernelSource from '../../kernels/assembly/attention.ts?raw';
import modelSource from '../../models/gpt.ts?raw';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { SERIES_URL } from '../index';
import type { GptApi } from './api';
import { GPT_FIELDS, GPT_RECIPE, PYTORCH_REFERENCE } from './meta';
import { GptRaceWidget } from './RaceWidget';
import { useGptRun } from './useGptRun';
import { GptBookWidget, GptTrainWidget, GptWriteWidget } from './Widgets';

export default function GptLesson() {
  const { trainer } = useTrainer<GptApi>();
  const [state, setState] = useUrlState(GPT_FIELDS);
  const gpt = useGptRun(trainer, state, setState);
  const props = { trainer, run: gpt, state, setState };

  return (
    <article className="lesson">
      <p className="muted">Lesson 9 · the series' road after part IV: training a transformer</p>
      <h1>A tiny GPT, trained in your browser</h1>
      <p className="lead">
        Stack the blocks of Lesson 8, put an embedding under them and a softmax over the characters on top, and train the whole thing to predict the next
        character, as Lesson 6's LSTM did. That is a GPT. This one is small enough to learn Shakespeare's look in a few minutes on a laptop.
      </p>

      <h2>The model</h2>
      <p>
        Each character <Tex>{'c_t'}</Tex> becomes a vector of width <Tex>{'D'}</Tex>: its token embedding plus the embedding of its position <Tex>{'t'}</Tex>{' '}
        (learned, one row per position up to the context <Tex>{'T'}</Tex>). Then <Tex>{'N'}</Tex> blocks with causal self-attention, a last LayerNorm, and a
        linear head to one score per character:
      </p>
      <Tex display>
        {
          'x^{(0)}_t = E[c_t] + P[t], \\qquad x^{(n)} = \\mathrm{Block}_n(x^{(n-1)}), \\qquad P(c_{t+1} \\mid c_{1..t}) = \\mathrm{softmax}(\\mathrm{LN}(x^{(N)}_t)\\, W^T)'
        }
      </Tex>
      <p>
        Because of the mask, position <Tex>{'t'}</Tex> sees only <Tex>{'c_1 \\dots c_t'}</Tex>, so one pass over a window of <Tex>{'T'}</Tex> characters makes{' '}
        <Tex>{'T'}</Tex> predictions at once, each from its own past: the loss is their mean cross entropy. There is no state carried from step to step as in an
        LSTM; what the model knows of the text before is what it can attend to inside its window.
      </p>
      <CodeExcerpt source={modelSource} name="gptLogits" file="src/lessons/gpt/model.ts" />

      <h2>How it is trained</h2>
      <p>
        The recipe is the well-known “baby GPT” for a laptop CPU: {GPT_RECIPE.layers} layers, {GPT_RECIPE.heads} heads, width {GPT_RECIPE.width}, context{' '}
        {GPT_RECIPE.context}, batches of {GPT_RECIPE.batch} windows, no dropout. The optimizer is AdamW: Adam with the weight decay taken out of the gradient
        (each step the weight matrices and embeddings shrink by <Tex>{'\\eta\\lambda'}</Tex> of themselves, <Tex>{`\\lambda = ${GPT_RECIPE.weightDecay}`}</Tex>,
        while biases and LayerNorm gains do not). Its rate rises linearly over the first {GPT_RECIPE.warmup} steps, because Adam's early estimates are poor,
        then falls on a cosine from {GPT_RECIPE.learningRate} to {GPT_RECIPE.minLearningRate} at the last step; the gradient's total norm is clipped at 1.
      </p>
      <Tex display>{'\\eta_s = \\eta_{\\min} + \\tfrac12 (\\eta_{\\max} - \\eta_{\\min}) \\left(1 + \\cos \\pi \\tfrac{s - s_w}{S - s_w}\\right)'}</Tex>
      <p>
        In PyTorch on one core of our 2-core test machine this recipe runs at about {PYTORCH_REFERENCE.charsPerSecond.toLocaleString('en')} characters a second
        and reaches a validation loss of 1.86 on Tiny Shakespeare after 2,000 steps ({PYTORCH_REFERENCE.seconds} s). Your browser runs the same arithmetic. On a
        GPU it goes through tfjs's WebGL ops. Without one, a step as tfjs ops is some 500 small operations, each with its own overhead, so the whole step (the
        forward pass, the backward pass written out by hand, the clipping and AdamW) runs instead in this site's own kernels: AssemblyScript compiled to
        WebAssembly with SIMD, the weights and activations in one block of memory, a helper thread sharing every large product in chunks of up to thirty-six
        rows that shrink where the two threads meet, so that neither waits long while the other has work left. The model is the same, checked against the tfjs
        version gradient by gradient. Here is the kernel of the causal attention, one sequence and head at a time; the page tells you before you start how long
        training will take here.
      </p>
      <CodeExcerpt source={kernelSource} name="attentionForward" file="src/kernels/assembly/attention.ts" />

      <GptBookWidget {...props} />
      <GptTrainWidget {...props} />
      <GptWriteWidget {...props} />
      <GptRaceWidget {...props} />

      <h2>Where this comes from</h2>
      <p>
        The series “<a href={SERIES_URL}>Mastering large language models</a>” names training a transformer, and pretrained models such as GPT-2, as the end of
        its road. The model is Radford et al.'s GPT (2018) and GPT-2 (2019) at toy size, written as Karpathy's nanoGPT writes it, whose “baby GPT” recipe this
        is; AdamW is Loshchilov and Hutter (2019). Tiny Shakespeare is Karpathy's <code>input.txt</code> from char-rnn (Shakespeare's text is in the public
        domain), fetched from its public copy when you load it and kept in your browser's cache.
      </p>
    </article>
  );
}
