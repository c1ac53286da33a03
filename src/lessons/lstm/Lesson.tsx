import { useCallback, useState } from 'react';
import { useSeededCheck } from '../../client/useSeededCheck';
import { useBackend, useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import lstmSource from '../../models/lstm.ts?raw';
import { AllcloseCheck } from '../../ui/AllcloseCheck';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import type { LstmApi } from './api';
import { InsideWidget } from './InsideWidget';
import { SWEEP_FIELDS } from './meta';
import { SweepWidget } from './SweepWidget';
import { useMemorySweep } from './useMemorySweep';

export default function LstmLesson() {
  const { trainer } = useTrainer<LstmApi>();
  const [state, setState] = useUrlState(SWEEP_FIELDS);
  const [workerError, setWorkerError] = useState<string>();
  // A new key remounts the look inside, dropping what it showed: after a lost context, and when a new sweep starts.
  const [insideKey, setInsideKey] = useState(0);
  const nextInside = useCallback(() => setInsideKey((k) => k + 1), []);
  const { backend, choose: chooseBackend } = useBackend(trainer, (message) => {
    setWorkerError(message);
    nextInside();
  });

  // The check against tf.layers.lstm
  const { result: check, seed: checkSeed, again: checkAgain } = useSeededCheck(trainer && ((seed: number) => trainer.lesson.check(seed)), setWorkerError);

  const sweepRun = useMemorySweep(trainer, state, nextInside);

  return (
    <article className="lesson">
      <p className="muted">Lesson 5 · the series' next step after Part IV</p>
      <h1>Memory: RNN against LSTM</h1>
      <p className="lead">
        The counting RNN of Lesson 4 only had to remember the last number. Ask it instead for the <em>first</em> number of a long sequence, and it forgets. The
        LSTM was built for exactly this: its memory is a separate cell that gates decide to keep, to overwrite or to read.
      </p>

      <h2>The task: remember the first number</h2>
      <p>
        The sequences are those of Lesson 4 (<Tex>{'i, i+1, \\dots, i+L-1'}</Tex> over the numbers 0 to <Tex>{`${state.vocab - 1}`}</Tex>), but every target is
        the first number, <Tex>{'i'}</Tex>. At the last step the network sees <Tex>{'i+L-1'}</Tex> and must still say <Tex>{'i'}</Tex>: the answer has to be
        carried through <Tex>{'L'}</Tex> steps. We score the last step over all <Tex>{'V - L'}</Tex> sequences, training each model with full batches, Adam
        (learning rate 0.1, decaying linearly) for 100 epochs and a hidden state of 32.
      </p>

      <h2>The LSTM cell</h2>
      <p>
        Besides <Tex>{'h_t'}</Tex>, the LSTM carries a cell state <Tex>{'c_t'}</Tex>. Four gates, computed like the RNN's single layer, decide what happens to
        it:
      </p>
      <Tex display>
        {
          '\\begin{aligned} i_t &= \\sigma(x_t W_{ii}^T + h_{t-1} W_{hi}^T + b_i) && \\text{input gate: how much to write} \\\\ f_t &= \\sigma(x_t W_{if}^T + h_{t-1} W_{hf}^T + b_f) && \\text{forget gate: how much to keep} \\\\ g_t &= \\tanh(x_t W_{ig}^T + h_{t-1} W_{hg}^T + b_g) && \\text{what to write} \\\\ o_t &= \\sigma(x_t W_{io}^T + h_{t-1} W_{ho}^T + b_o) && \\text{output gate: how much to show} \\\\ c_t &= f_t \\odot c_{t-1} + i_t \\odot g_t, \\qquad h_t = o_t \\odot \\tanh(c_t) \\end{aligned}'
        }
      </Tex>
      <p>
        With <Tex>{'f_t = 1'}</Tex> and <Tex>{'i_t = 0'}</Tex> the cell keeps its value unchanged for as long as needed: nothing squashes it through a{' '}
        <Tex>{'\\tanh'}</Tex> at every step, as the RNN's hidden state is. PyTorch stores the four gates' weights stacked in the order i, f, g, o; so does this
        code:
      </p>
      <CodeExcerpt source={lstmSource} name="lstmCell" file="src/lessons/lstm/lstm.ts" />

      <section className="widget" aria-labelledby="lstm-check-heading">
        <h3 id="lstm-check-heading">Is it right? Against tf.layers.lstm</h3>
        <p>
          The same weights go into TensorFlow.js's own LSTM layer (transposed, one bias <Tex>{'b_{ih} + b_{hh}'}</Tex>, and the sigmoid for its gates where tfjs
          defaults to a “hard” sigmoid). Unit tests also check this LSTM against vectors made with <code>torch.nn.LSTM</code>.
        </p>
        <AllcloseCheck
          check={check}
          seed={checkSeed}
          layer="tf.layers.lstm"
          compared="outputs, last h and c"
          onAgain={() => void checkAgain()}
          disabled={!trainer}
          testId="lstm-check"
        />
      </section>

      <SweepWidget
        trainer={trainer}
        run={sweepRun}
        backend={backend}
        chooseBackend={chooseBackend}
        state={state}
        setState={setState}
        workerError={workerError}
      />

      <InsideWidget key={insideKey} trainer={trainer} points={sweepRun.points} running={sweepRun.running} />

      <h2>Where this comes from</h2>
      <p>
        This lesson follows the next steps of <a href={SERIES_URL}>“Mastering large language models”</a> after Part IV and the notebooks in{' '}
        <a href={`${NOTEBOOKS_URL}/tree/main/rnn`}>christianb93/MLLM</a>; the LSTM is Hochreiter and Schmidhuber's (1997) with the forget gate of Gers et al.
        (2000), in PyTorch's layout.
      </p>
    </article>
  );
}
