import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import { AnalogyWidget } from './AnalogyWidget';
import type { Word2vecApi } from './api';
import { ContextWindowWidget } from './ContextWindowWidget';
import cbowSource from './cbow.ts?raw';
import { MapExportWidgets, NeighboursWidget } from './ExploreWidgets';
import { WORD2VEC_FIELDS } from './meta';
import negativeSamplingSource from './negativeSampling.ts?raw';
import { TrainWidget } from './TrainWidget';
import { useWord2vecRun } from './useWord2vecRun';

export default function Word2vecLesson() {
  const { trainer } = useTrainer<Word2vecApi>();
  const [state, setState] = useUrlState(WORD2VEC_FIELDS);
  const w2v = useWord2vecRun(trainer, state, setState);

  return (
    <article className="lesson">
      <p className="muted">Lesson 2 · follows Part II of the series</p>
      <h1>Words as vectors: word2vec</h1>
      <p className="lead">
        One-hot vectors give every word its own axis, so no two words are alike. Here every word gets instead a short, dense vector of <Tex>{'D'}</Tex> numbers,
        learned from text, so that words used alike end up close together. You will train such vectors on a slice of Wikipedia, in this page, and ask them which
        words are near “king”.
      </p>

      <h2>Closeness of vectors, closeness of words</h2>
      <p>
        With <Tex>{'V'}</Tex> words and <Tex>{'D'}</Tex> dimensions, the vectors are the rows of a <Tex>{'V \\times D'}</Tex> matrix, the <em>embedding</em>,
        and looking up a word means taking its row. Two vectors point the same way when their cosine is near 1:
      </p>
      <Tex display>{'\\cos(x, y) = \\frac{\\langle x, y \\rangle}{\\lVert x \\rVert \\, \\lVert y \\rVert}'}</Tex>
      <p>
        Which words should be close? Those that appear in the same <em>contexts</em>. In “the mighty king is sitting on a golden throne” you could put “ruler”
        in place of “king” and the sentence would still make sense: words that can stand in the same places tend to mean similar things. So the context of a
        word is the list of words around it, a window of a few words to each side.
      </p>
      <ContextWindowWidget />

      <h2>CBOW: guess the centre word from its context</h2>
      <p>
        The continuous bag of words model (CBOW) turns that idea into a training task. It looks up the vectors of the context words, takes their mean{' '}
        <Tex>{'h'}</Tex> (so their order is lost: a “bag” of words), and scores every word of the vocabulary as the centre word with a second matrix{' '}
        <Tex>{'C'}</Tex>, also <Tex>{'V \\times D'}</Tex>, a linear layer without bias. Softmax and cross entropy against the real centre word give the loss:
      </p>
      <Tex display>{'h = \\frac{1}{W} \\sum_{j=1}^{W} E_{c_j}, \\qquad p = \\operatorname{softmax}(C h), \\qquad \\text{loss} = -\\ln p_{w}'}</Tex>
      <p>
        Here <Tex>{'W'}</Tex> is the number of context words (8 in the notebook: four on each side), <Tex>{'c_1, \\dots, c_W'}</Tex> are their ids,{' '}
        <Tex>{'E_{c_j}'}</Tex> is row <Tex>{'c_j'}</Tex> of the embedding <Tex>{'E'}</Tex>, and <Tex>{'w'}</Tex> is the id of the true centre word.
      </p>
      <p>
        After training both matrices hold word vectors: the rows of <Tex>{'E'}</Tex> (the <em>context</em> embedding) and the rows of <Tex>{'C'}</Tex> (the{' '}
        <em>centre</em> embedding). As in the notebook, each row of <Tex>{'E'}</Tex> that is looked up and longer than 1 is scaled back to length 1 first (
        <code>max_norm=1</code>). The gradients are short enough to write out, which lets a batch of 20,000 windows run in chunks with exactly the gradient of
        the whole batch:
      </p>
      <CodeExcerpt source={cbowSource} name="cbowChunkGradients" file="src/lessons/word2vec/cbow.ts" />
      <p>
        A batch much larger than the vocabulary allows a shortcut. Since <Tex>{'h'}</Tex> is the mean of <Tex>{'W'}</Tex> rows of <Tex>{'E'}</Tex>, its scores{' '}
        <Tex>{'C h'}</Tex> are the mean of the same <Tex>{'W'}</Tex> rows of <Tex>{'P = E C^\\top'}</Tex>, a <Tex>{'V \\times V'}</Tex> matrix made once a
        batch. The gradients gather in a <Tex>{'V \\times V'}</Tex> matrix <Tex>{'H'}</Tex> too: row <Tex>{'c'}</Tex> of <Tex>{'H'}</Tex> adds up the softmax
        gradients <Tex>{'p - \\text{onehot}(w)'}</Tex> of the windows with <Tex>{'c'}</Tex> in their context, divided by <Tex>{'W'}</Tex>, and then{' '}
        <Tex>{'\\partial E = H C'}</Tex> and <Tex>{'\\partial C = H^\\top E'}</Tex>. That is three products of <Tex>{'V \\cdot V \\cdot D'}</Tex> multiply-adds
        a batch in place of three of <Tex>{'B \\cdot V \\cdot D'}</Tex>: at the notebook's 20,000 windows and <Tex>{'V = 4056'}</Tex>, a fifth of the
        arithmetic. Only the order of the sums changes, so the gradient is the chunked one up to rounding (this page adds <Tex>{'H'}</Tex> up in 64-bit floats
        to keep it so). The page takes this route in its WebAssembly kernels whenever a batch has at least twice as many windows as the vocabulary has words;
        the plan below says when.
      </p>

      <h2>Train it</h2>
      <p>
        The notebook trains on WikiText-2 (two million words of Wikipedia articles): each line a paragraph, titles dropped, words seen fewer than 50 times
        replaced by <code>&lt;unk&gt;</code>, which leaves <Tex>{'V = 4056'}</Tex>. Every position with four words on each side inside its paragraph is one
        example: 1,857,089 of them, 93 batches of 20,000, seven epochs of Adam with a learning rate of 0.1 that falls linearly to 0. That is a lot of arithmetic
        for a CPU (about 7 million operations per example the notebook's way, 1.5 million by the shortcut above): the page says how long it would take here
        before you start. On a laptop without a GPU, set Mode to fast first (negative sampling, explained under “Fast mode” further down): it finds good
        neighbours in a minute or two. Or load the ready-trained model: the notebook's seven epochs, trained by this project's own code outside your browser, to
        ask below at once and to train further here.
      </p>
      <TrainWidget trainer={trainer} run={w2v} state={state} setState={setState} />

      <h2>Neighbours</h2>
      <p>
        Type a word and see the ten words whose vectors have the highest cosine with it, in each of the two embeddings. While the model trains, the tables
        refresh every few seconds: watch “queen” and “prince” move towards “king”. The notebook, after seven epochs, found for “king” son, earl, archbishop and
        pope in the context embedding, and pope, lord, henry and queen in the centre one.
      </p>
      <NeighboursWidget trainer={trainer} trained={w2v.trained} run={w2v.training.run} />

      <AnalogyWidget trainer={trainer} trained={w2v.trained} />
      <MapExportWidgets trainer={trainer} trained={w2v.trained} />

      <h2>Fast mode: negative sampling</h2>
      <p>
        Most of the full model's work goes into the softmax: every example scores all <Tex>{'V'}</Tex> words, so it costs <Tex>{'O(VD)'}</Tex>. The original
        word2vec papers avoid that. Instead of asking “which of all words is the centre?”, each example asks a yes/no question for the true centre word and for{' '}
        <Tex>{'k'}</Tex> <em>noise</em> words drawn at random, more often the frequent ones (counts raised to the power 0.75):
      </p>
      <Tex display>{'\\text{loss} = -\\ln \\sigma(C_w \\cdot h) - \\sum_{j=1}^{k} \\ln \\sigma(-C_{n_j} \\cdot h)'}</Tex>
      <p>
        That costs <Tex>{'O(kD)'}</Tex>, hundreds of times less at this <Tex>{'V'}</Tex>. Fast mode also <em>subsamples</em>: each occurrence of a very frequent
        word like “the” is dropped with a probability that grows with its frequency, which saves time and lets the rarer, more telling words fill the windows.
        It uses plain gradient descent on the rows it touches, as the original C code does, and that code's starting values (small random context vectors, zero
        centre vectors). Compare the two: fast mode finds family words for “father” within seconds, where the full model needs minutes. Its loss is this yes/no
        loss, not the full model's cross entropy over all <Tex>{'V'}</Tex> words, so its curve (around 1.9) and the notebook's (around 4.5) measure different
        things and cannot be compared; compare the neighbours instead.
      </p>
      <CodeExcerpt source={negativeSamplingSource} name="trainNegativeSampling" file="src/lessons/word2vec/negativeSampling.ts" />

      <h2>Where this comes from</h2>
      <p>
        This lesson follows Part II of the series <a href={SERIES_URL}>“Mastering large language models”</a> and its <a href={NOTEBOOKS_URL}>notebook</a>; the
        per-epoch losses drawn as “notebook” are that notebook's printed output. WikiText-2 is by Merity, Xiong, Bradbury and Socher (“Pointer Sentinel Mixture
        Models”, 2016), from Wikipedia articles, under CC BY-SA 3.0; this site downloads it from a public copy (the pytorch/examples repository) and keeps it in
        your browser's cache. Negative sampling and subsampling are from Mikolov et al., “Distributed Representations of Words and Phrases and their
        Compositionality” (2013).
      </p>
    </article>
  );
}
