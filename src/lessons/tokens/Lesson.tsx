import { useMemo, useState } from 'react';
import { useLoad } from '../../client/useLoad';
import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import basicEnglishSource from '../../text/basicEnglish.ts?raw';
import vocabSource from '../../text/vocab.ts?raw';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import type { CorpusSummary, TokensApi } from './api';
import { BigramWidget } from './BigramWidget';
import bigramSource from './bigram.ts?raw';
import { type CorpusChoice, CorpusWidget, SOTU_NAME } from './CorpusWidget';
import { TOKENS_FIELDS } from './meta';
import { OneHotWidget, SHOW_LIMIT, TokenizerWidget, useTextAnalysis, VocabWidget } from './TextWidgets';

const DEFAULT_TEXT = 'My name is John. What is your name?';
const fmtInt = (n: number) => n.toLocaleString('en');

export default function TokensLesson() {
  const { trainer } = useTrainer<TokensApi>();
  const [state, setState] = useUrlState(TOKENS_FIELDS);
  const [text, setText] = useState(DEFAULT_TEXT);

  const analyseInWorker = useMemo(
    () => (trainer ? (t: string) => trainer.lesson.analyse(t, { minFreq: state.minFreq, probe: state.probe, limit: SHOW_LIMIT }) : undefined),
    [trainer, state.minFreq, state.probe],
  );
  const analysed = useTextAnalysis(text, state.minFreq, state.probe, analyseInWorker);
  const { analysis } = analysed;

  // Corpus
  const {
    loaded: corpus,
    loading: corpusLoad,
    error: corpusError,
    load: loadCorpus,
  } = useLoad<CorpusChoice, CorpusSummary>(
    trainer &&
      ((source, onProgress) =>
        source.kind === 'sotu'
          ? trainer.lesson.loadCorpus(
              { kind: 'url', url: new URL('corpora/sotu.json', document.baseURI).href, name: SOTU_NAME, format: 'sotu-json' },
              onProgress,
            )
          : trainer.lesson.loadCorpus({ kind: 'file', file: source.file, name: source.file.name }, onProgress)),
    trainer && (() => void trainer.cancelLoad()),
  );

  return (
    <article className="lesson">
      <p className="muted">Lesson 1 · follows Part I of the series</p>
      <h1>Tokens and vocabularies</h1>
      <p className="lead">
        A language model never sees letters or words. It sees numbers. This lesson is about the first step of every model in this course: cutting text into{' '}
        <em>tokens</em> and giving each token a number.
      </p>
      <p>
        Natural language processing covers many tasks. Some read a text and give back a label, such as whether a film review is positive (classification). Some
        turn one sequence into another, such as a sentence in English into one in French (sequence to sequence). And some continue a text that was started, one
        piece at a time (text generation), which is what the chat assistants of today do. All of them begin the same way: the text is split into pieces, and the
        pieces are turned into numbers that a network can compute with.
      </p>

      <h2>Splitting text into tokens</h2>
      <p>
        The simplest tokenizer splits at white space. It is easy to write, but it keeps punctuation glued to the words (“John.” and “John” become two different
        tokens) and it keeps capital letters, so “My” and “my” differ too. A better tokenizer lower-cases the text and cuts punctuation off as tokens of its
        own. The notebooks use torchtext's <code>basic_english</code>, which does just that with a short list of search-and-replace rules. Type anything below
        and compare.
      </p>
      <TokenizerWidget text={text} setText={setText} analysed={analysed} />
      <p>This is the whole tokenizer, as this site runs it. The rules apply one after another, in this order:</p>
      <CodeExcerpt source={basicEnglishSource} name="BASIC_ENGLISH_RULES" file="src/lessons/tokens/basicEnglish.ts" />
      <CodeExcerpt source={basicEnglishSource} name="basicEnglish" file="src/lessons/tokens/basicEnglish.ts" />
      <p>
        Note the details: an apostrophe becomes a token of its own (“it's” gives <code>it ' s</code>), double quotes, colons and semicolons vanish, and only
        plain ASCII punctuation is handled, so curly quotes and emoji stay attached to their words. White space means Python's idea of it, which is not quite
        JavaScript's; the code spells it out so that both agree.
      </p>

      <h2>A vocabulary: tokens to numbers</h2>
      <p>
        A <em>vocabulary</em> lists the distinct tokens and numbers them. The simplest one takes each token in order of first appearance, as Python's{' '}
        <code>collections.Counter</code> keeps them. Encoding replaces every token by its number; decoding joins the tokens of a list of numbers back with
        spaces.
      </p>
      <p>
        torchtext builds its vocabulary differently: <em>special</em> tokens such as <code>&lt;unk&gt;</code> come first, then the tokens by how often they
        occur (ties in alphabetical order, by Unicode code point), and only tokens seen at least <code>min_freq</code> times. A token that is not in the
        vocabulary, because it was rare or never seen, becomes <code>&lt;unk&gt;</code>, “unknown”.
      </p>
      <VocabWidget analysis={analysis} state={state} setState={setState} />
      <CodeExcerpt source={vocabSource} name="buildVocabFromCounts" file="src/lessons/tokens/vocab.ts" />

      <h2>One-hot vectors, and why they are not enough</h2>
      <p>
        A network multiplies vectors by matrices, so a token id must become a vector. The plainest way is a <em>one-hot</em> vector: for token <Tex>{'i'}</Tex>{' '}
        of a vocabulary of size <Tex>{'V'}</Tex>, a vector of <Tex>{'V'}</Tex> numbers that are all zero except a single 1 at position <Tex>{'i'}</Tex>.
      </p>
      <OneHotWidget analysis={analysis} />
      <p>This has two drawbacks. First, every pair of different words is exactly as far apart as every other pair:</p>
      <Tex display>
        {
          '\\cos(e_i, e_j) = \\frac{\\langle e_i, e_j \\rangle}{\\lVert e_i \\rVert \\, \\lVert e_j \\rVert} = 0, \\qquad \\lVert e_i - e_j \\rVert = \\sqrt{2} \\qquad (i \\neq j)'
        }
      </Tex>
      <p>
        so “king” is no closer to “queen” than to “banana”: the vectors carry no meaning. Second, they are huge. A vocabulary of a real corpus has tens of
        thousands of tokens
        {corpus ? (
          <>
            {' '}
            (the corpus loaded below has <strong>{fmtInt(corpus.curve[0].vocabSize)}</strong> at min_freq 1, so each one-hot vector has that many entries, all
            but one of them zero, and a batch of 1,000 tokens takes {((corpus.curve[0].vocabSize * 1000 * 4) / 2 ** 20).toFixed(0)} MB as 32-bit floats)
          </>
        ) : (
          ' (load a corpus below to see how many)'
        )}
        . Lesson 2 replaces them by short dense vectors that are learned, where similar words end up close together.
      </p>

      <h2>Vocabularies of a real corpus</h2>
      <p>
        On a real corpus the choice of <code>min_freq</code> is a trade: a low threshold keeps rare words and makes the vocabulary (and every layer that has one
        row per token) large; a high one makes it small but turns more of the text into <code>&lt;unk&gt;</code>. Load the State of the Union addresses of U.S.
        presidents from 1790 to 2021 (public domain, 11 MB, loaded only when you ask) or a text file of your own, and see the trade in numbers.
      </p>
      <CorpusWidget
        corpus={corpus}
        corpusLoad={corpusLoad}
        corpusError={corpusError}
        loadCorpus={(c) => void loadCorpus(c)}
        ready={Boolean(trainer)}
        state={state}
        setState={setState}
      />

      <h2>A first model that learns: the next token from the current one</h2>
      <p>
        To close the lesson, a glimpse of what comes next. The smallest language model guesses the next token from the current one alone (a <em>bigram</em>{' '}
        model). It multiplies the one-hot vector of the current token by a matrix <Tex>{'E'}</Tex> of size <Tex>{'V \\times D'}</Tex>, which simply picks row{' '}
        <Tex>{'i'}</Tex>, a <Tex>{'D'}</Tex>-dimensional vector for the token. A second matrix <Tex>{'W'}</Tex> turns that vector into one score per token, and
        softmax turns the scores into probabilities:
      </p>
      <Tex display>
        {
          'p(w_{t+1} \\mid w_t) = \\operatorname{softmax}\\left(e_{w_t}^\\top E\\, W\\right), \\qquad \\text{loss} = -\\frac{1}{B}\\sum_{b=1}^{B} \\ln p\\left(w^{(b)}_{t+1} \\mid w^{(b)}_t\\right)'
        }
      </Tex>
      <p>
        Training nudges <Tex>{'E'}</Tex> and <Tex>{'W'}</Tex> (with the Adam optimizer) to lower the cross-entropy loss on pairs of neighbouring tokens from the
        corpus. The dashed lines are yardsticks: <Tex>{'\\ln V'}</Tex> is the loss of a model that knows nothing, the unigram entropy is the best a model can do
        that ignores the current token, and the conditional entropy of the pairs is the best any bigram model can do on them. It runs in a background worker, so
        this page stays responsive.
      </p>
      <BigramWidget trainer={trainer} corpus={corpus} loadCorpus={loadCorpus} state={state} setState={setState} />
      <CodeExcerpt source={bigramSource} name="bigramLogits" file="src/lessons/tokens/bigram.ts" />

      <h2>Where this comes from</h2>
      <p>
        This lesson follows Part I of the series <a href={SERIES_URL}>“Mastering large language models”</a> and its <a href={NOTEBOOKS_URL}>notebooks</a>. The
        tokenizer and vocabulary here reproduce torchtext's exactly; the site's tests compare them with 40 tokenizer cases and 20 vocabulary cases made with
        PyTorch.
      </p>
    </article>
  );
}
