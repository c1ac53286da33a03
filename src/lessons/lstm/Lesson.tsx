import { useCallback, useMemo, useRef, useState } from 'react';
import { errorText } from '../../client/errors';
import { useSeededCheck } from '../../client/useSeededCheck';
import { callback, useBackend, useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../lib/urlState';
import { AllcloseCheck } from '../../ui/AllcloseCheck';
import { BackendBadge } from '../../ui/BackendBadge';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Heatmap } from '../../ui/Heatmap';
import { LossChart } from '../../ui/LossChart';
import { NumberField } from '../../ui/NumberField';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import type { CellKind, MemoryInside, MemorySweepPoint, MemorySweepProgress } from './api';
import lstmSource from './lstm.ts?raw';
import { NOTEBOOK_RNN_ACCURACY, SWEEP_FIELDS, SWEEP_LENGTHS } from './meta';

const CELLS: CellKind[] = ['rnn', 'lstm'];
const NAMES: Record<CellKind, string> = { rnn: 'RNN', lstm: 'LSTM' };

/** A [L, D_h] row-major matrix as [D_h, L]: one row per unit, one column per step. */
function unitsByStep(values: Float32Array, length: number, hidden: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let t = 0; t < length; t++) for (let u = 0; u < hidden; u++) out[u * length + t] = values[t * hidden + u];
  return out;
}

export default function LstmLesson() {
  const { trainer } = useTrainer();
  const [state, setState] = useUrlState(SWEEP_FIELDS);
  const [workerError, setWorkerError] = useState<string>();
  const { backend, choose: chooseBackend } = useBackend(trainer, (message) => {
    setWorkerError(message);
    setInside({});
  });

  // The check against tf.layers.lstm
  const { result: check, seed: checkSeed, again: checkAgain } = useSeededCheck(trainer && ((seed: number) => trainer.lstmCheck(seed)), setWorkerError);

  // The sweep
  const [points, setPoints] = useState<MemorySweepPoint[]>([]);
  const [now, setNow] = useState<MemorySweepProgress>();
  const [running, setRunning] = useState(false);
  const [sweepError, setSweepError] = useState<string>();
  const [sweepNote, setSweepNote] = useState<string>();
  const pointsRef = useRef<MemorySweepPoint[]>([]);
  const onPoint = useMemo(
    () =>
      callback((p: MemorySweepPoint) => {
        pointsRef.current = [...pointsRef.current, p];
        setPoints(pointsRef.current);
      }),
    [],
  );
  const onSweepProgress = useMemo(() => callback((p: MemorySweepProgress) => setNow(p)), []);
  const sweep = useCallback(async () => {
    if (!trainer) return;
    pointsRef.current = [];
    setPoints([]);
    setSweepError(undefined);
    setSweepNote(undefined);
    setInside({});
    setRunning(true);
    try {
      const result = await trainer.memorySweep({ lengths: [...SWEEP_LENGTHS], cells: CELLS, ...state }, onPoint, onSweepProgress);
      setSweepNote(
        result.stopped
          ? `Stopped after ${result.points.length} of ${SWEEP_LENGTHS.length * CELLS.length} models.`
          : `All ${result.points.length} models trained.`,
      );
    } catch (error) {
      setSweepError(errorText(error));
    } finally {
      setRunning(false);
      setNow(undefined);
    }
  }, [trainer, state, onPoint, onSweepProgress]);

  // Looking inside the last models
  const [item, setItem] = useState(5);
  const [inside, setInside] = useState<Partial<Record<CellKind, MemoryInside & { length: number; vocab: number }>>>({});
  const [insideError, setInsideError] = useState<string>();
  const lookInside = useCallback(async () => {
    if (!trainer) return;
    try {
      const next: Partial<Record<CellKind, MemoryInside & { length: number; vocab: number }>> = {};
      for (const cell of CELLS) if (points.some((p) => p.cell === cell)) next[cell] = await trainer.memoryInspect(cell, item);
      setInside(next);
      setInsideError(undefined);
    } catch (error) {
      setInsideError(errorText(error));
    }
  }, [trainer, item, points]);

  const series = [
    ...CELLS.map((cell) => ({
      name: `${NAMES[cell]} (yours)`,
      points: points.filter((p) => p.cell === cell).map((p) => ({ x: p.length, y: p.accuracy })),
      color: cell === 'rnn' ? '#b3261e' : '#1d5fd1',
    })),
    { name: 'RNN (notebook)', points: SWEEP_LENGTHS.map((L, i) => ({ x: L, y: NOTEBOOK_RNN_ACCURACY[i] })), dashed: true, color: '#d08a84' },
    { name: 'LSTM (notebook)', points: SWEEP_LENGTHS.map((L) => ({ x: L, y: 1 })), dashed: true, color: '#8aa6d8' },
  ];
  const lastLength = Math.max(0, ...points.map((p) => p.length));

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

      <section className="widget" aria-labelledby="sweep-heading">
        <h3 id="sweep-heading">The sweep: L = 4, 6, …, 18</h3>
        <BackendBadge info={backend} onChoose={chooseBackend} disabled={running} />
        <div className="field-row">
          <NumberField
            id="mem-vocab"
            label="V (numbers 0…V−1)"
            min={20}
            max={2048}
            value={state.vocab}
            fallback={512}
            disabled={running}
            onChange={(v) => setState({ vocab: v })}
          />
          <NumberField
            id="mem-hidden"
            label="Hidden size"
            min={1}
            max={256}
            value={state.hidden}
            fallback={32}
            disabled={running}
            onChange={(v) => setState({ hidden: v })}
          />
          <NumberField
            id="mem-epochs"
            label="Epochs"
            min={1}
            max={1000}
            value={state.epochs}
            fallback={100}
            disabled={running}
            onChange={(v) => setState({ epochs: v })}
          />
          <NumberField
            id="mem-lr"
            label="Learning rate"
            min={0.000001}
            max={10}
            step={0.01}
            value={state.learningRate}
            fallback={0.1}
            disabled={running}
            onChange={(v) => setState({ learningRate: v })}
          />
          <NumberField id="mem-seed" label="Seed" min={0} value={state.seed} fallback={0} disabled={running} onChange={(v) => setState({ seed: v })} />
        </div>
        <div className="controls" role="group" aria-label="Sweep controls">
          {running ? (
            <button type="button" className="primary" onClick={() => void trainer?.pause()}>
              Stop
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void sweep()} disabled={!trainer}>
              Start the sweep
            </button>
          )}
        </div>
        <p className="progress-text" aria-live="polite" data-testid="sweep-status">
          {now
            ? `Training the ${NAMES[now.cell]} at L = ${now.length}: epoch ${now.epoch + 1} of ${now.epochs}, loss ${now.loss.toFixed(3)}`
            : (sweepNote ??
              `${SWEEP_LENGTHS.length * CELLS.length} models to train, one per length and cell; each point appears as soon as its model is done.`)}
        </p>
        {sweepError && (
          <p className="message error" role="alert">
            {sweepError}
          </p>
        )}
        {workerError && (
          <p className="message error" role="alert">
            {workerError}
          </p>
        )}
        <LossChart title="Accuracy of the last step" xLabel="L" yLabel="accuracy" series={series} />
        <div className="table-scroll">
          <table className="numbers" data-testid="sweep-table">
            <caption className="visually-hidden">Last-step accuracy per length, yours and the notebook's</caption>
            <thead>
              <tr>
                <th scope="col">L</th>
                <th scope="col">RNN</th>
                <th scope="col">LSTM</th>
                <th scope="col">RNN (notebook)</th>
                <th scope="col">LSTM (notebook)</th>
              </tr>
            </thead>
            <tbody>
              {SWEEP_LENGTHS.map((L, i) => {
                const of = (cell: CellKind) => points.find((p) => p.cell === cell && p.length === L);
                return (
                  <tr key={L}>
                    <td>{L}</td>
                    {CELLS.map((cell) => (
                      <td key={cell}>{of(cell)?.accuracy.toFixed(3) ?? '–'}</td>
                    ))}
                    <td>{NOTEBOOK_RNN_ACCURACY[i].toFixed(3)}</td>
                    <td>1.000</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="widget" aria-labelledby="inside-heading">
        <h3 id="inside-heading">Where the memory lives</h3>
        <p>
          Look inside the last models the sweep trained{lastLength ? ` (L = ${lastLength})` : ''}: the RNN's hidden state, and the LSTM's cell state and forget
          gate, for one sequence. Watch for units of <Tex>{'c_t'}</Tex> that hold a value from the first step to the last while <Tex>{'f_t'}</Tex> stays near 1.
        </p>
        <div className="field-row">
          <NumberField
            id="mem-item"
            label="Sequence (its first number)"
            min={0}
            value={item}
            fallback={5}
            onChange={(v) => setItem(Math.max(0, Math.round(v)))}
          />
          <button type="button" onClick={() => void lookInside()} disabled={points.length === 0 || running}>
            Look inside
          </button>
        </div>
        {insideError && (
          <p className="message error" role="alert">
            {insideError}
          </p>
        )}
        <div className="step-grid">
          {CELLS.map((cell) => {
            const seen = inside[cell];
            if (!seen) return null;
            const hidden = seen.hidden.length / seen.length;
            const steps = seen.sequence.map(String);
            return (
              <div key={cell} data-testid={`inside-${cell}`}>
                <p>
                  {NAMES[cell]} answers <strong>{seen.answer}</strong> ({(100 * seen.probability).toFixed(0)}%) for the first number of {seen.sequence[0]} …{' '}
                  {seen.sequence[seen.length - 1]}{' '}
                  <span className={seen.answer === seen.sequence[0] ? 'ok' : 'bad'}>{seen.answer === seen.sequence[0] ? '✓' : '✗'}</span>
                </p>
                <Heatmap
                  caption={
                    <>
                      {NAMES[cell]}: hidden state <Tex>{'h_t'}</Tex>
                    </>
                  }
                  label={`${NAMES[cell]} hidden state`}
                  values={unitsByStep(seen.hidden, seen.length, hidden)}
                  rows={hidden}
                  cols={seen.length}
                  colLabels={steps}
                  range={1}
                  showValues={false}
                />
                {seen.cell && (
                  <Heatmap
                    caption={
                      <>
                        LSTM: cell state <Tex>{'c_t'}</Tex>
                      </>
                    }
                    label="LSTM cell state"
                    values={unitsByStep(seen.cell, seen.length, hidden)}
                    rows={hidden}
                    cols={seen.length}
                    colLabels={steps}
                    showValues={false}
                  />
                )}
                {seen.gates && (
                  <Heatmap
                    caption={
                      <>
                        LSTM: forget gate <Tex>{'f_t'}</Tex> (0 to 1)
                      </>
                    }
                    label="LSTM forget gate"
                    values={unitsByStep(seen.gates.forget, seen.length, hidden)}
                    rows={hidden}
                    cols={seen.length}
                    colLabels={steps}
                    range={1}
                    showValues={false}
                  />
                )}
                {seen.gates && (
                  <details>
                    <summary>The other gates: input, candidate, output</summary>
                    <Heatmap
                      caption={
                        <>
                          input gate <Tex>{'i_t'}</Tex>
                        </>
                      }
                      label="LSTM input gate"
                      values={unitsByStep(seen.gates.input, seen.length, hidden)}
                      rows={hidden}
                      cols={seen.length}
                      colLabels={steps}
                      range={1}
                      showValues={false}
                    />
                    <Heatmap
                      caption={
                        <>
                          candidate <Tex>{'g_t'}</Tex>
                        </>
                      }
                      label="LSTM candidate"
                      values={unitsByStep(seen.gates.candidate, seen.length, hidden)}
                      rows={hidden}
                      cols={seen.length}
                      colLabels={steps}
                      range={1}
                      showValues={false}
                    />
                    <Heatmap
                      caption={
                        <>
                          output gate <Tex>{'o_t'}</Tex>
                        </>
                      }
                      label="LSTM output gate"
                      values={unitsByStep(seen.gates.output, seen.length, hidden)}
                      rows={hidden}
                      cols={seen.length}
                      colLabels={steps}
                      range={1}
                      showValues={false}
                    />
                  </details>
                )}
              </div>
            );
          })}
        </div>
      </section>

      <h2>Where this comes from</h2>
      <p>
        This lesson follows the next steps of <a href={SERIES_URL}>“Mastering large language models”</a> after Part IV and the notebooks in{' '}
        <a href={`${NOTEBOOKS_URL}/tree/main/rnn`}>christianb93/MLLM</a>; the LSTM is Hochreiter and Schmidhuber's (1997) with the forget gate of Gers et al.
        (2000), in PyTorch's layout.
      </p>
    </article>
  );
}
