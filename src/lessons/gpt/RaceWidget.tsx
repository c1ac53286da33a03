// Lesson 9's race: Lesson 6's LSTM trained on the same book for as long as the GPT trained, both validation
// curves against the seconds of training.

import { CHAR_DEFAULTS } from '../../models/charLstmConfig';
import { LossChart } from '../../ui/LossChart';
import { perplexity } from '../../ui/LossMeaning';
import { formatSeconds } from '../../ui/ProgressBar';
import type { TimedPoint } from './api';
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
        <>
          <p data-testid="gpt-race-verdict">
            After {formatSeconds(seconds)}: the GPT's validation loss is {validation.at(-1)!.loss.toFixed(3)}, the LSTM's {lstm.at(-1)!.loss.toFixed(3)}.
          </p>
          {trained && <RaceWhy gpt={validation.at(-1)!} lstm={lstm.at(-1)!} gptCharsPerStep={trained.config.context * trained.config.batch} />}
        </>
      )}
    </section>
  );
}

const millions = (n: number) => `${(n / 1e6).toFixed(2)} M`;
const perSecond = (chars: number, seconds: number) => Math.round(chars / Math.max(seconds, 1e-9)).toLocaleString('en');

/**
 * Why the race came out as it did, with its numbers: the characters each model read in the same seconds, and
 * what a transformer has to learn that a recurrent network is given; and where the transformer wins.
 */
function RaceWhy({ gpt, lstm, gptCharsPerStep }: { gpt: TimedPoint; lstm: TimedPoint; gptCharsPerStep: number }) {
  const gptChars = gpt.step * gptCharsPerStep;
  const lstmChars = lstm.step * CHAR_DEFAULTS.window * CHAR_DEFAULTS.batch;
  const ahead = lstm.loss < gpt.loss ? 'LSTM' : 'GPT';
  return (
    <div data-testid="gpt-race-why">
      <p>
        The {ahead} is ahead: a perplexity of {perplexity(Math.min(gpt.loss, lstm.loss)).toFixed(1)} against{' '}
        {perplexity(Math.max(gpt.loss, lstm.loss)).toFixed(1)} (as unsure as a choice among so many characters). In these seconds the LSTM read{' '}
        {millions(lstmChars)} characters ({perSecond(lstmChars, lstm.seconds)} a second) and the GPT {millions(gptChars)} ({perSecond(gptChars, gpt.seconds)} a
        second).
      </p>
      <ul>
        <li>
          <strong>Cost per character.</strong> On a CPU a GPT step, attention over every earlier position in four blocks, costs more per character than two
          small recurrent layers, so in minutes the LSTM simply sees more text.
        </li>
        <li>
          <strong>What is built in.</strong> The LSTM is given order: it reads the characters one after the other and carries what it needs. The GPT starts with
          random position embeddings and random attention, and has to learn from data what “before” means and which earlier characters to read.
        </li>
        <li>
          <strong>Where the transformer wins.</strong> With parallel hardware (on a GPU every position of a window is computed at once, where the LSTM walks
          them one by one), with longer contexts (it reads any earlier character directly; the LSTM must carry it through every step in between) and with more
          data and steps: it keeps improving where small recurrent networks level off. That is why every large language model is a transformer, and why a few
          minutes on a laptop is the LSTM's ground. Train the GPT longer (“Train 500 more steps”) and race again to see how the gap moves.
        </li>
      </ul>
    </div>
  );
}
