// Lesson 3's widgets on the reader's sentence: generation as one prediction after another, and the same
// sentence as teacher-forced training pairs.

import { Tex } from '../../ui/Tex';
import { MAX_ROWS } from './meta';

/** A token inside TeX: escaped, in roman type. */
const texWord = (w: string) => `\\text{${w.replace(/[\\{}$&#^_%~]/g, (c) => `\\${c === '\\' ? 'textbackslash ' : c}`)}}`;

/** The sentence as basic_english tokens, what is wrong with it (if anything), and the rows shown. */
export interface Sentence {
  tokens: string[];
  problem?: string;
  shown: string[];
}

export function ChainWidget({ sentence, text, setText }: { sentence: Sentence; text: string; setText: (text: string) => void }) {
  const { tokens, problem: sentenceProblem, shown } = sentence;
  return (
    <section className="widget" aria-labelledby="chain-heading">
      <h3 id="chain-heading">Your sentence, one prediction at a time</h3>
      <div className="field">
        <label htmlFor="rnn-sentence">Sentence</label>
        <input
          id="rnn-sentence"
          type="text"
          value={text}
          aria-describedby="rnn-sentence-message"
          aria-invalid={sentenceProblem ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div id="rnn-sentence-message" aria-live="polite">
        {sentenceProblem && <p className="message error">{sentenceProblem}</p>}
        {tokens.length > MAX_ROWS + 1 && (
          <p className="message info">
            The tables show the first {MAX_ROWS} predictions of {tokens.length - 1}.
          </p>
        )}
      </div>
      {!sentenceProblem && (
        <div className="table-scroll">
          <table className="numbers" data-testid="chain-table">
            <caption className="visually-hidden">Each prediction with its full history and with the last word only</caption>
            <thead>
              <tr>
                <th scope="col">t</th>
                <th scope="col">what a language model predicts</th>
                <th scope="col">the last-word approximation</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(1).map((word, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>
                    <Tex>{`P(${texWord(word)} \\mid ${[...(i > 5 ? ['\\dots'] : []), ...shown.slice(Math.max(0, i - 5), i + 1).map(texWord)].join(',\\ ')})`}</Tex>
                  </td>
                  <td>
                    <Tex>{`P(${texWord(word)} \\mid ${texWord(shown[i])})`}</Tex>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ForcingWidget({ sentence }: { sentence: Sentence }) {
  const { problem: sentenceProblem, shown } = sentence;
  return (
    <section className="widget" aria-labelledby="forcing-heading">
      <h3 id="forcing-heading">Your sentence as training pairs</h3>
      <p className="muted">The tokens come from Lesson 1's basic_english tokenizer; edit the sentence above.</p>
      {sentenceProblem ? (
        <p className="message error">{sentenceProblem}</p>
      ) : (
        <div className="table-scroll">
          <table className="numbers" data-testid="forcing-table">
            <caption className="visually-hidden">Input and target at each position</caption>
            <thead>
              <tr>
                <th scope="col">position</th>
                <th scope="col">input</th>
                <th scope="col">target</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, -1).map((word, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{word}</td>
                  <td>{shown[i + 1]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!sentenceProblem && (
        <p>
          Inputs “{shown.slice(0, -1).join(' ')}”, targets “{shown.slice(1).join(' ')}”.
        </p>
      )}
    </section>
  );
}
