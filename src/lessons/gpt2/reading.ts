// What Lesson 11 asks of a loaded GPT-2, in its tokenizer's tokens: the next token's most likely candidates,
// writing token by token (Stop between tokens), the attention on a prompt, the logit lens, and a chat whose turns
// stay in the model's cache.

import { DataError } from '../../lib/errors';
import { createRng } from '../../lib/rng';
import type { Gpt2Model } from '../../models/gpt2';
import { pickToken, softmaxWithTemperature } from '../../models/sampling';
import { END_OF_TEXT_ID, type Gpt2Tokenizer } from '../../text/gpt2Tokenizer';
import { yieldToEvents } from '../../train/loop';
import type { AttentionMaps, LensRow, NextTokens, PickSettings, Token, Writing } from './api';

/** The most tokens the attention maps show (the last ones of a longer prompt). */
export const ATTENTION_TOKENS = 48;

export interface Reader {
  model: Gpt2Model;
  /** GPT-2's tokenizer, or Lesson 9's characters. */
  tokenizer: Pick<Gpt2Tokenizer, 'encode' | 'decode'>;
}

const token = (r: Reader, id: number): Token => ({ id, text: r.tokenizer.decode([id]) });

/** The prompt's ids, the last `positions` of them; a message for the reader when there are none. */
export function promptIds(r: Reader, prompt: string, positions = r.model.config.n_positions): number[] {
  const ids = r.tokenizer.encode(prompt);
  if (ids.length === 0) throw new DataError('Type a prompt: the model needs at least one token to go on from.');
  return ids.slice(-positions);
}

/** The `k` most likely of `probs`, most likely first. */
function topOf(r: Reader, probs: ArrayLike<number>, k: number): (Token & { probability: number })[] {
  const best: number[] = [];
  for (let i = 0; i < probs.length; i++) {
    if (best.length < k || probs[i] > probs[best[best.length - 1]]) {
      best.push(i);
      best.sort((a, b) => probs[b] - probs[a]);
      if (best.length > k) best.pop();
    }
  }
  return best.map((id) => ({ ...token(r, id), probability: probs[id] }));
}

export function nextTokens(r: Reader, prompt: string, k: number): NextTokens {
  const ids = promptIds(r, prompt);
  r.model.reset();
  const probs = softmaxWithTemperature(r.model.extend(ids), 1);
  return { prompt: ids.map((id) => token(r, id)), top: topOf(r, probs, k) };
}

const options = (pick: PickSettings) => ({ greedy: pick.greedy, temperature: pick.temperature, topK: pick.topK || undefined, topP: pick.topP });

/** `n` tokens after the prompt, each sent as it is picked; `stop` is checked between tokens. */
export async function writeTokens(
  r: Reader,
  prompt: string,
  n: number,
  pick: PickSettings,
  onToken: (t: Token) => void,
  stop: () => boolean,
): Promise<Writing> {
  const ids = promptIds(r, prompt, r.model.config.n_positions - 1);
  const started = performance.now();
  r.model.reset();
  const rng = createRng(pick.seed);
  let logits = r.model.extend(ids);
  const tokens: Token[] = [];
  let first = 0;
  let firstAt = 0;
  for (let i = 0; i < n && !stop(); i++) {
    const id = pickToken(logits, options(pick), pick.greedy ? undefined : rng);
    const t = token(r, id);
    tokens.push(t);
    onToken(t);
    if (i === 0) {
      firstAt = performance.now();
      first = (firstAt - started) / 1000;
    }
    if (i === n - 1 || r.model.length >= r.model.config.n_positions) break;
    await yieldToEvents();
    logits = r.model.extend([id]);
  }
  const after = tokens.length > 1 ? (performance.now() - firstAt) / 1000 : 0;
  return { tokens, firstTokenSeconds: first, tokensPerSecond: after > 0 ? (tokens.length - 1) / after : 0 };
}

export async function attentionMaps(r: Reader, prompt: string): Promise<AttentionMaps> {
  const ids = promptIds(r, prompt, ATTENTION_TOKENS);
  const { attention } = await r.model.forward(ids, { attention: true });
  return { tokens: ids.map((id) => r.tokenizer.decode([id])), heads: r.model.config.n_head, maps: attention!.map((m) => Array.from(m)) };
}

export function logitLens(r: Reader, prompt: string): LensRow[] {
  const rows = r.model.lens(promptIds(r, prompt));
  return rows.map((logits, l) => ({ layer: l + 1, top: topOf(r, softmaxWithTemperature(logits, 1), 3) }));
}

/**
 * A conversation as DialoGPT reads it: every turn followed by <|endoftext|>. The turns so far stay in the model's
 * cache, so each reply reads only the new turn; where the cache holds something else, or the context would run
 * out, the conversation is read again (its oldest turns dropped to fit).
 */
export class Conversation {
  private ids: number[] = [];
  private inCache = false;

  reset(): void {
    this.ids = [];
    this.inCache = false;
  }

  /** The model's cache was used for something else. */
  forgetCache(): void {
    this.inCache = false;
  }

  async reply(
    r: Reader,
    message: string,
    pick: PickSettings,
    onToken: (t: Token) => void,
    stop: () => boolean,
  ): Promise<{ reply: string; contextTokens: number }> {
    // A reply of at most 60 tokens, or a quarter of a small model's context.
    const maxTokens = Math.min(60, Math.floor(r.model.config.n_positions / 4));
    if (r.model.config.vocab_size <= END_OF_TEXT_ID)
      throw new DataError('A conversation needs GPT-2’s tokens (DialoGPT was trained on them); this model reads tokens of its own.');
    const turn = r.tokenizer.encode(message);
    if (turn.length === 0) throw new DataError('Type something to say.');
    turn.push(END_OF_TEXT_ID);
    const limit = r.model.config.n_positions - maxTokens - 1;
    if (this.ids.length + turn.length > limit) {
      // Drop whole turns from the start until the conversation fits, then read it again.
      const ends = this.ids.flatMap((id, i) => (id === END_OF_TEXT_ID ? [i + 1] : []));
      const cut = ends.find((end) => this.ids.length - end + turn.length <= limit) ?? this.ids.length;
      this.ids = this.ids.slice(cut);
      this.inCache = false;
    }
    if (turn.length > limit) throw new DataError('That message is too long for the model’s context.');
    if (!this.inCache) {
      r.model.reset();
      if (this.ids.length > 0) r.model.extend(this.ids);
    }
    let logits = r.model.extend(turn);
    this.ids.push(...turn);
    this.inCache = true;
    const rng = createRng(pick.seed + this.ids.length);
    const reply: number[] = [];
    while (reply.length < maxTokens && !stop()) {
      const id = pickToken(logits, options(pick), pick.greedy ? undefined : rng);
      reply.push(id);
      if (id === END_OF_TEXT_ID) break;
      onToken(token(r, id));
      await yieldToEvents();
      logits = r.model.extend([id]);
    }
    if (reply.at(-1) !== END_OF_TEXT_ID) {
      reply.push(END_OF_TEXT_ID);
      r.model.extend([END_OF_TEXT_ID]);
    }
    this.ids.push(...reply);
    return { reply: r.tokenizer.decode(reply.slice(0, -1)), contextTokens: this.ids.length };
  }
}
