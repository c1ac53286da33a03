import './attention.css';
import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { SERIES_URL } from '../index';
import type { AttentionApi } from './api';
import { ATTENTION_FIELDS } from './meta';
import seq2seqSource from './seq2seq.ts?raw';
import { useAttentionRun } from './useAttentionRun';
import { AttentionMapWidget, AttentionTrainWidget } from './Widgets';

export default function AttentionLesson() {
  const { trainer } = useTrainer<AttentionApi>();
  const [state, setState] = useUrlState(ATTENTION_FIELDS);
  const attn = useAttentionRun(trainer, state, setState);

  return (
    <article className="lesson">
      <p className="muted">Lesson 7 · the series' road after part IV: encoder-decoder and attention</p>
      <h1>Encoder-decoder, and attention</h1>
      <p className="lead">
        Translation, summaries, answers to questions: the output is a sequence of its own, with its own length. An encoder-decoder reads the whole input first
        and then writes. Here you train two of them, one that has to squeeze the input through a single vector and one that may look back at every input
        position, and watch the second learn where to look.
      </p>

      <h2>One vector between reading and writing</h2>
      <p>
        The <em>encoder</em> is an LSTM (Lesson 5) that reads the input <Tex>{'x_1 \\dots x_T'}</Tex> and leaves its states{' '}
        <Tex>{'\\bar h_1 \\dots \\bar h_T'}</Tex>. The <em>decoder</em> is a second LSTM that starts from the encoder's last state and writes the output one
        number at a time, each time reading the number it wrote before (a start symbol at first). In training it reads the right previous number instead of its
        own guess: teacher forcing, as in Lesson 3.
      </p>
      <Tex display>{'h_0 = \\bar h_T, \\qquad h_t = \\mathrm{LSTM}(y_{t-1}, h_{t-1}), \\qquad P(y_t) = \\mathrm{softmax}(W_o \\tanh(W_c\\, h_t) + b_o)'}</Tex>
      <p>
        Everything the decoder learns of the input has to pass through <Tex>{'\\bar h_T'}</Tex>, a vector of fixed size however long the input is. That is the
        bottleneck. It is Lesson 5 again: there a plain RNN forgot the first number of a long sequence, here a whole sequence has to survive in one state.
      </p>

      <h2>The task: reverse the numbers</h2>
      <p>
        The input is a sequence of numbers from 0 to {state.vocab - 1}, between {state.minLength} and {state.maxLength} of them; the output is the same numbers
        backwards: 3 1 4 1 5 becomes 5 1 4 1 3. It is easy to state and to check, and hard in the right way: the first number to write is the last one read, but
        the last to write is the first one read, the one the encoder's state holds least well.
      </p>

      <h2>Attention: look back at every input</h2>
      <p>
        With attention the decoder keeps all the encoder's states. At output step <Tex>{'t'}</Tex> it scores each of them against its own state, turns the
        scores into weights that sum to 1, and reads their weighted mean, the <em>context</em>:
      </p>
      <Tex display>
        {
          "e_{ts} = h_t \\cdot \\bar h_s, \\qquad \\alpha_{ts} = \\frac{\\exp e_{ts}}{\\sum_{s'} \\exp e_{ts'}}, \\qquad c_t = \\sum_s \\alpha_{ts}\\, \\bar h_s"
        }
      </Tex>
      <p>and writes from the context and its state together:</p>
      <Tex display>{'P(y_t) = \\mathrm{softmax}(W_o \\tanh(W_c [c_t; h_t]) + b_o)'}</Tex>
      <p>
        This is Luong's global attention with the <em>dot</em> score (2015). Bahdanau's original (2014) scores with a small network instead,{' '}
        <Tex>{'v^T \\tanh(W_1 h_t + W_2 \\bar h_s)'}</Tex> (additive attention). We use the dot product because it needs no weights of its own, because encoder
        and decoder states have the same size here, and because all the scores of a batch are one matrix product; it is also the score the transformer (Lesson
        8) builds on. Both learn this task. The weights <Tex>{'\\alpha_{ts}'}</Tex> are an alignment between output and input that can be drawn: for a reversal,
        output step 1 should look at the last input, step 2 at the one before, which draws the anti-diagonal.
      </p>
      <CodeExcerpt source={seq2seqSource} name="seq2seqDecode" file="src/lessons/attention/seq2seq.ts" />
      <p>
        Both models below have the same encoder and decoder; the one without attention reads <Tex>{'\\tanh(W_c h_t)'}</Tex>, the one with it{' '}
        <Tex>{'\\tanh(W_c [c_t; h_t])'}</Tex>. They train on the same batches (a random length for each), with Adam, the last fifth of the steps at a fifth of
        the rate. Every 50 steps the page measures both on held-out reversals of lengths {EVAL_TEXT} by greedy decoding (each model reads its own previous
        answer, as it would in use) and runs your sequence through both.
      </p>

      <AttentionTrainWidget trainer={trainer} run={attn} state={state} setState={setState} />
      <AttentionMapWidget trainer={trainer} run={attn} state={state} setState={setState} />

      <h2>Where this comes from</h2>
      <p>
        The series “<a href={SERIES_URL}>Mastering large language models</a>” names encoder-decoder architectures and attention as its next steps after
        recurrent networks; this lesson takes them in our own words. The encoder-decoder is Sutskever, Vinyals and Le, “Sequence to Sequence Learning with
        Neural Networks” (2014); attention is Bahdanau, Cho and Bengio, “Neural Machine Translation by Jointly Learning to Align and Translate” (2014), and
        Luong, Pham and Manning, “Effective Approaches to Attention-based Neural Machine Translation” (2015), whose global dot attention without input feeding
        the model here follows. The code above is what your browser runs: <code>src/lessons/attention/seq2seq.ts</code>.
      </p>
    </article>
  );
}

const EVAL_TEXT = '4, 8, 12, 16 and 20';
