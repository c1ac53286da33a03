import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import { AskWidgets } from './AskWidgets';
import type { CountingApi } from './api';
import countingSource from './counting.ts?raw';
import { COUNTING_FIELDS, NOTEBOOK_RECIPE } from './meta';
import { CountingTrainWidget } from './TrainWidget';
import { useCountingRun } from './useCountingRun';

export default function CountingLesson() {
  const { trainer } = useTrainer<CountingApi>();
  const [state, setState] = useUrlState(COUNTING_FIELDS);
  const items = Math.max(0, state.vocab - state.length);

  const counting = useCountingRun(trainer, state, setState);

  return (
    <article className="lesson">
      <p className="muted">Lesson 4 · follows Part IV of the series</p>
      <h1>An RNN that learns to count</h1>
      <p className="lead">
        Show a recurrent network 7, 8, 9, 10 and ask what comes next. Nobody tells it the rule; it sees sequences of numbers and learns to predict each next
        one. Here you train it in a few seconds, ask it questions, and find out what it really learned.
      </p>

      <h2>The data</h2>
      <p>
        The numbers 0 to <Tex>{`${state.vocab - 1}`}</Tex> are the vocabulary (<Tex>{`V = ${state.vocab}`}</Tex>), each one a one-hot vector. Every run of{' '}
        <Tex>{`L = ${state.length}`}</Tex> consecutive numbers is a training item, and its targets are the same numbers shifted by one: teacher forcing, as in
        Lesson 3. That makes <Tex>{`V - L = ${items}`}</Tex> items and <Tex>{`${items * state.length}`}</Tex> next-number predictions.
      </p>
      <div className="table-scroll">
        <table className="numbers" data-testid="counting-items">
          <caption>Some of the training items</caption>
          <thead>
            <tr>
              <th scope="col">item</th>
              <th scope="col">inputs</th>
              <th scope="col">targets</th>
            </tr>
          </thead>
          <tbody>
            {[0, 1, 7, items - 1]
              .filter((i, k, all) => i >= 0 && all.indexOf(i) === k)
              .map((i) => (
                <tr key={i}>
                  <td>{i}</td>
                  <td>{Array.from({ length: state.length }, (_, t) => i + t).join(', ')}</td>
                  <td>{Array.from({ length: state.length }, (_, t) => i + t + 1).join(', ')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>

      <h2>The model</h2>
      <p>
        The RNN of Lesson 3 with a hidden state of <Tex>{`${state.hidden}`}</Tex> numbers, and a linear layer that turns each hidden state into <Tex>{'V'}</Tex>{' '}
        scores, one per possible next number:
      </p>
      <Tex display>
        {
          'h_t = \\tanh(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh}), \\qquad f_t = h_t W^T + b, \\qquad P(x_{t+1} \\mid x_1 \\dots x_t) = \\mathrm{softmax}(f_t)'
        }
      </Tex>
      <p>
        The loss is the cross entropy at every step of every item. Training follows the notebook: batches of {NOTEBOOK_RECIPE.batch} (two per epoch), Adam with
        learning rate {NOTEBOOK_RECIPE.learningRate} multiplied by <Tex>{'(E - e)/E'}</Tex> in epoch <Tex>{'e'}</Tex>, {NOTEBOOK_RECIPE.epochs} epochs, and the
        RNN's weights drawn from <Tex>{'\\mathcal{N}(0, 1)'}</Tex>.
      </p>
      <CodeExcerpt source={countingSource} name="countingForward" file="src/lessons/counting/counting.ts" />

      <CountingTrainWidget trainer={trainer} run={counting} state={state} setState={setState} />

      <AskWidgets trainer={trainer} trained={counting.trained} run={counting.training.run} state={state} />

      <h2>Where this comes from</h2>
      <p>
        This lesson follows Part IV of <a href={SERIES_URL}>“Mastering large language models”</a> and its notebook{' '}
        <a href={`${NOTEBOOKS_URL}/blob/main/rnn/LearningHowToCount.ipynb`}>LearningHowToCount.ipynb</a>. The model code above is what your browser runs:{' '}
        <code>src/lessons/counting/counting.ts</code>.
      </p>
    </article>
  );
}
