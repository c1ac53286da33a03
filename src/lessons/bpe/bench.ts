// Lesson 10's benchmarks (npm run bench): the series' BPE learning and encoding on the loaded corpus, and GPT-2's
// tokenizer against js-tiktoken (loaded here only, for the comparison) on the loaded text.

import { BpeLearner } from '../../text/bpe';
import type { Gpt2Tokenizer } from '../../text/gpt2Tokenizer';
import type { BpeConfig } from './meta';

export function benchLearn(words: readonly string[], config: BpeConfig) {
  const started = performance.now();
  const learner = new BpeLearner(words);
  learner.step(learner.plannedMerges(config.merges, config.align === 'yes'), config.minFrequency);
  const learnSeconds = (performance.now() - started) / 1000;
  const model = learner.model();
  const encodeStart = performance.now();
  let tokens = 0;
  for (const word of words) tokens += model.encodeWord(word).length;
  return { learnSeconds, encodeSeconds: (performance.now() - encodeStart) / 1000, merges: model.rules.length, vocab: model.vocab.length, tokens };
}

export async function benchGpt2(text: string, tokenizer: () => Gpt2Tokenizer, rounds: number) {
  const { Tiktoken } = await import('js-tiktoken/lite');
  const ranks = (await import('js-tiktoken/ranks/gpt2')).default;
  const ours: number[] = [];
  const tiktoken: number[] = [];
  let agree = true;
  let tokens = 0;
  for (let round = 0; round < rounds; round++) {
    // Each side starts fresh every round (its caches empty), and the two take turns.
    let started = performance.now();
    const mine = tokenizer().encode(text);
    ours.push((performance.now() - started) / 1000);
    started = performance.now();
    const theirs = new Tiktoken(ranks).encode(text, [], []);
    tiktoken.push((performance.now() - started) / 1000);
    tokens = mine.length;
    agree &&= mine.length === theirs.length && mine.every((id, i) => id === theirs[i]);
  }
  return { ours, tiktoken, tokens, agree };
}
