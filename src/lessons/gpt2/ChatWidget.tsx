// A conversation with the loaded model, as DialoGPT was trained to hold one: every turn followed by
// <|endoftext|>, the conversation so far kept in the model's cache, the reply sampled at the series' settings.

import { useState } from 'react';
import { errorText } from '../../client/errors';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import type { Gpt2Api, LoadedModel, Token } from './api';
import { CHAT_SAMPLING, type Gpt2State } from './meta';

interface Turn {
  who: 'you' | 'model';
  text: string;
}

export function ChatWidget({ trainer, loaded, state }: { trainer?: LessonTrainer<Gpt2Api>; loaded?: LoadedModel; state: Gpt2State }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [context, setContext] = useState(0);
  const send = async () => {
    if (!trainer || !message.trim()) return;
    setError(undefined);
    setBusy(true);
    setTurns((t) => [...t, { who: 'you', text: message }, { who: 'model', text: '' }]);
    const said = message;
    setMessage('');
    try {
      const pick = { greedy: false, temperature: CHAT_SAMPLING.temperature, topK: 0, topP: CHAT_SAMPLING.topP, seed: state.seed };
      const { contextTokens } = await trainer.lesson.chat(
        said,
        pick,
        callback((t: Token) => setTurns((all) => [...all.slice(0, -1), { who: 'model', text: all.at(-1)!.text + t.text }])),
      );
      setContext(contextTokens);
    } catch (e) {
      setError(errorText(e));
      setTurns((all) => all.slice(0, -1));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="widget" aria-labelledby="gpt2-chat-heading">
      <h3 id="gpt2-chat-heading">A conversation</h3>
      {!loaded && <p className="muted">Load a model above (DialoGPT was trained for this) to talk to it.</p>}
      <ol className="chat" data-testid="gpt2-chat" aria-live="polite">
        {turns.map((t, i) => (
          <li key={i} className={`chat-${t.who}`}>
            <strong>{t.who === 'you' ? 'You' : 'Model'}:</strong> {t.text || (busy && i === turns.length - 1 ? '…' : '')}
          </li>
        ))}
      </ol>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div className="field">
          <label htmlFor="gpt2-message">Your turn</label>
          <input id="gpt2-message" type="text" maxLength={300} value={message} onChange={(e) => setMessage(e.target.value)} disabled={!loaded || busy} />
        </div>
        <button type="submit" className="primary" disabled={!loaded || busy || !message.trim()}>
          Send
        </button>
        <button
          type="button"
          disabled={busy || turns.length === 0}
          onClick={async () => {
            await trainer?.lesson.chatReset();
            setTurns([]);
            setContext(0);
          }}
        >
          New conversation
        </button>
      </form>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {context > 0 && <p className="muted">The conversation is {context} tokens, all in the model's cache: each reply reads only the new turn.</p>}
    </section>
  );
}
