import { useMemo, useState } from 'react';
import { useSeededCheck } from '../../client/useSeededCheck';
import { useBackend, useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import elmanSource from '../../models/elman.ts?raw';
import { basicEnglish } from '../../text/basicEnglish';
import { AllcloseCheck } from '../../ui/AllcloseCheck';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import type { RnnApi } from './api';
import { MAX_ROWS, RNN_FIELDS } from './meta';
import { ChainWidget, ForcingWidget } from './SentenceWidgets';
import { StepThroughWidget } from './StepThroughWidget';

export default function RnnLesson() {
  const { trainer } = useTrainer<RnnApi>();
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
  const sentence = { tokens, problem: sentenceProblem, shown };

  // The check against tf.layers.simpleRNN
  const { result: check, seed: checkSeed, again: checkAgain } = useSeededCheck(trainer && ((seed: number) => trainer.lesson.check(seed)), setWorkerError);

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
      <ChainWidget sentence={sentence} text={state.sentence} setText={(text: string) => setState({ sentence: text })} />

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

      <StepThroughWidget
        trainer={trainer}
        backend={backend}
        chooseBackend={chooseBackend}
        state={state}
        setState={setState}
        workerError={workerError}
        setWorkerError={setWorkerError}
      />

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
      <ForcingWidget sentence={sentence} />

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
