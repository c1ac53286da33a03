// Lesson 9's race: Lesson 6's LSTM trained on the same book for as long as the GPT trained, both validation
// curves against the seconds of training.

import { LossChart } from '../../ui/LossChart';
import { formatSeconds } from '../../ui/ProgressBar';
import type { GptWidgetProps } from './Widgets';

export function GptRaceWidget({ trainer, run: gpt }: GptWidgetProps) {
  const { validation, lstm, race, racing, raceError, trained, training } = gpt;
  const seconds = validation.at(-1)?.seconds ?? 0;
  const series = [
    { name: 'tiny GPT (validation)', points: validation.map((v) => ({ x: Number(v.seconds.toFixed(1)), y: v.loss })), color: '#1d5fd1' },
    { name: "Lesson 6's LSTM (validation)", points: lstm.map((v) => ({ x: Number(v.seconds.toFixed(1)), y: v.loss })), color: '#b3261e' },
  ];
  return (
    <section className="widget" aria-labelledby="gpt-race-heading">
      <h3 id="gpt-race-heading">The GPT against Lesson 6's LSTM</h3>
      <p>
        Same book, same machine, same seconds of training: Lesson 6's default LSTM (embedding 32, two layers of 128, Adam 0.01) trains here, in a slot of its
        own (your Lesson 6 model is left alone), for as long as your GPT has trained.
      </p>
      <button type="button" onClick={() => void race()} disabled={!trainer || !trained || racing || training.run === 'running' || seconds <= 0}>
        {racing ? 'The LSTM is training…' : `Train the LSTM for ${formatSeconds(seconds)}`}
      </button>
      {raceError && (
        <p className="message error" role="alert">
          {raceError}
        </p>
      )}
      <LossChart title="Validation loss against seconds of training" xLabel="seconds" yLabel="loss (nats)" series={series} integerX={false} />
      {lstm.length > 1 && !racing && validation.length > 0 && (
        <p data-testid="gpt-race-verdict">
          After {formatSeconds(seconds)}: the GPT's validation loss is {validation.at(-1)!.loss.toFixed(3)}, the LSTM's {lstm.at(-1)!.loss.toFixed(3)}.
        </p>
      )}
    </section>
  );
}
