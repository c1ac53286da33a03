import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { notebookUrl, SERIES_URL } from '../index';
import type { WikiApi } from './api';
import dataSource from './data.ts?raw';
import { LAPTOP, NOTEBOOK, NOTEBOOK_RESULTS, WIKI_STATE_FIELDS } from './meta';
import modelSource from './model.ts?raw';
import { WikiReadyWidget, WikiWriteWidget } from './ReadyWidget';
import { useWikiRun } from './useWikiRun';
import { WikiDataWidget, WikiTrainWidget } from './Widgets';

const n = (x: number) => x.toLocaleString('en');

export default function WikiTransformerLesson() {
  const { trainer } = useTrainer<WikiApi>();
  const [state, setState] = useUrlState(WIKI_STATE_FIELDS);
  const run = useWikiRun(trainer, state, setState);
  const props = { trainer, run, state, setState };
  const [first, second, third] = NOTEBOOK_RESULTS.validation;
  return (
    <article className="lesson">
      <p className="muted">Lesson 12 · the series' Project II</p>
      <h1>A transformer trained on Wikipedia</h1>
      <p className="lead">
        Everything so far comes together: Lesson 10's subword tokens, Lesson 8's transformer blocks and Lesson 9's training loop, on real text. This is the
        series' Project II (<a href={notebookUrl('wiki/WikiTextTransformer.ipynb')}>the notebook</a>): a decoder-only transformer trained on WikiText-2, a
        corpus of Wikipedia's good and featured articles. It is also where a model first learns its training text better than it learns the language, and the
        page shows it happening.
      </p>

      <h2>The pipeline</h2>
      <p>
        WikiText-2's training split (the same file Lesson 2 trains word vectors on) is cleaned as the notebook does: each line loses its leading spaces and
        every <code>@</code> (WikiText writes <code>1 @,@ 000</code>), headings such as <code>= Valkyria Chronicles =</code> are dropped, and the rest is one
        long text. Python's <code>split()</code> cuts it into {n(2_007_146)} words, and Lesson 10's BPE learns 6,000 merges on them (raised to 6,034, so that
        the vocabulary is 6,400, a multiple of 64). Every word becomes its symbols, and the symbols of all words in order make one stream of {n(2_622_275)}{' '}
        token ids. The first 90 % are the training data, the last 10 % the validation data: the model never trains on the end of the file, so its loss there
        says how well it does on text it has not seen.
      </p>
      <p>
        A training example is a window of <Tex>{'T'}</Tex> consecutive tokens at a random place in the training stream, and its targets are the same window
        moved by one token. The notebook cuts every window at stride 1 and shuffles them; drawing the start at random is the same distribution.
      </p>
      <CodeExcerpt source={dataSource} name="windows" file="src/lessons/wiki-transformer/data.ts" />
      <WikiDataWidget {...props} />

      <h2>The model</h2>
      <p>
        The notebook builds its model from PyTorch's <code>nn.TransformerEncoderLayer</code>, with a causal mask so that each position sees only those before
        it. Three things differ from Lesson 9's GPT:
      </p>
      <ul>
        <li>
          <strong>Post-LN.</strong> Each sub-layer's LayerNorm comes after the residual sum, as in the original transformer of Vaswani et al. (2017):{' '}
          <Tex>{'h = \\mathrm{LN}_1(x + \\mathrm{Attn}(x)),\\ y = \\mathrm{LN}_2(h + \\mathrm{MLP}(h))'}</Tex>. GPT-2 moved them in front (pre-LN), which keeps
          a clean residual path and trains more easily at depth; with 4 blocks, post-LN trains fine given a warm-up.
        </li>
        <li>
          <strong>Fixed positions.</strong> Position <Tex>{'p'}</Tex> adds the sinusoids{' '}
          <Tex>{'P_{p,2i} = \\sin(p / 10000^{2i/D}),\\ P_{p,2i+1} = \\cos(p / 10000^{2i/D})'}</Tex> to the token's embedding, not a learned row.
        </li>
        <li>
          <strong>ReLU</strong> in the MLP, of width {n(NOTEBOOK.ff)} (not <Tex>{'4D'}</Tex>), and a head <code>Linear(192, 6400)</code> with its own weights
          and a bias.
        </li>
      </ul>
      <p>
        Its size: an embedding of 6,400 by {NOTEBOOK.width}, {NOTEBOOK.layers} blocks of {NOTEBOOK.heads} heads, context {NOTEBOOK.context}: about 4.6 million
        weights, more than half of them in the embedding and the head. Here it runs in Lesson 9's engine (this site's WebAssembly kernels), where post-LN, ReLU
        and the fixed positions are options of the same kernels; its logits match PyTorch's <code>nn.TransformerEncoder</code> within <Tex>{'10^{-5}'}</Tex> and
        its gradients within <Tex>{'10^{-4}'}</Tex> relative, on the same seeded weights.
      </p>
      <CodeExcerpt source={modelSource} name="wikiShape" file="src/lessons/wiki-transformer/model.ts" />

      <h2>The recipe, and a smaller one for a laptop</h2>
      <p>
        The notebook trains with Adam at <Tex>{'5 \\cdot 10^{-4}'}</Tex>, 100 warm-up steps and a cosine down to <Tex>{'5 \\cdot 10^{-5}'}</Tex>, batches of 512
        windows, dropout 0.2, for 3 epochs of {n(NOTEBOOK_RESULTS.stepsPerEpoch)} steps: {n(NOTEBOOK_RESULTS.seconds)} s on a GPU. A 2-core laptop does a few
        thousand tokens a second on this model, so the notebook's run would take it weeks. The page therefore starts with a smaller model that shows learning
        within minutes: width {LAPTOP.width}, {LAPTOP.layers} blocks of {LAPTOP.heads} heads, an MLP of {LAPTOP.ff}, context {LAPTOP.context}, batches of{' '}
        {LAPTOP.batch}, {n(LAPTOP.steps)} steps at a higher rate ({LAPTOP.learningRate} down to {LAPTOP.minLearningRate}). Small batches mean many cheap steps,
        and a short run can afford a larger rate. Most of its weights are still the embedding and the head, 6,400 rows each: the vocabulary is what a small
        model pays for. The notebook's model is one click away, with the time it would take here.
      </p>

      <h2>What the curves show: overfitting</h2>
      <p>
        The notebook's validation loss after its three epochs was {first}, {second} and {third} (a perplexity of about {Math.round(Math.exp(second))}: as unsure
        as a choice among some 120 tokens), while its training loss kept falling, from 6.04 to 3.76. After the first epoch the model learns its training text
        better and better and the rest of Wikipedia no better: it memorises. Windows at stride 1 show every token 48 times an epoch, in every position of the
        window, so even dropout cannot stop it. The gap between the two curves is the measure; the usual cures are more data, a smaller model, stronger
        regularisation, or stopping at the lowest validation loss, which is what the ready-trained model below does. Train the laptop's model for long enough
        and you will see its training loss (blue, one batch, noisy) pass under its validation loss (red).
      </p>
      <WikiTrainWidget {...props} />
      <WikiReadyWidget {...props} />
      <WikiWriteWidget {...props} />

      <h2>Where this comes from</h2>
      <p>
        The series “<a href={SERIES_URL}>Mastering large language models</a>” builds this project in <code>wiki/</code> of christianb93/MLLM (MIT): the
        cleaning, the BPE and the model follow its notebook. The transformer is Vaswani et al. (2017); WikiText-2 is Merity et al. (2016), from Wikipedia, under
        Creative Commons Attribution-ShareAlike 3.0; it is fetched from its public copy when you load it and kept in your browser's cache.
      </p>
    </article>
  );
}
