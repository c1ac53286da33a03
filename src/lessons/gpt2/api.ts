// Lesson 11's slice of the worker API: a pretrained GPT-2 (downloaded from Hugging Face, or the reader's own
// files) run on this site's engine, read with GPT-2's tokenizer: the next token, writing, attention, the logit
// lens, and a chat. Types only.

import type { LoadProgress } from '../../train/types';
import type { ModelChoice } from './meta';

/** A model loaded and ready. */
export interface LoadedModel {
  name: string;
  parameters: number;
  layers: number;
  heads: number;
  positions: number;
  /** Bytes of its file, and where it came from. */
  fileBytes: number;
  fromCache: boolean;
  /** The file's SHA-256 (checked against the published one where it is known). */
  sha256: string;
  /** Seconds from asking to ready (reading, checking, copying into the engine). */
  seconds: number;
}

/** A token of the text: its id and its own text. */
export interface Token {
  id: number;
  text: string;
}

export interface NextTokens {
  prompt: Token[];
  /** The most likely next tokens, most likely first. */
  top: (Token & { probability: number })[];
}

export interface Writing {
  tokens: Token[];
  tokensPerSecond: number;
  /** Seconds to the first new token (the prompt read and one token picked). */
  firstTokenSeconds: number;
}

export interface AttentionMaps {
  tokens: string[];
  heads: number;
  /** Per block, [H, T, T] row-major: row t is how much position t reads each position up to it. */
  maps: number[][];
}

/** The logit lens at the prompt's last position: what each block's output would predict, if it were the last. */
export interface LensRow {
  layer: number;
  top: (Token & { probability: number })[];
}

export interface PickSettings {
  greedy: boolean;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

export interface Gpt2Api {
  /** Whether the model's file is in this browser's cache (it loads offline then). */
  cached(model: ModelChoice): Promise<boolean>;
  /** Downloads (or reads from the cache) `model` from Hugging Face and loads it; GPT-2's tokenizer from this site (root). */
  load(model: ModelChoice, root: string, onProgress: (p: LoadProgress) => void): Promise<LoadedModel>;
  /** Opens a tiny GPT exported from Lesson 9 (its JSON), read with its characters. */
  loadTinyGpt(file: File): Promise<LoadedModel>;
  /** Opens Lesson 12's ready-trained Project II transformer (this site's file at `url`), read with its BPE tokens. */
  loadWikiTransformer(url: string): Promise<LoadedModel>;
  /** Loads the reader's own config.json and model.safetensors. */
  loadFiles(config: File, weights: File, root: string, onProgress: (p: LoadProgress) => void): Promise<LoadedModel>;
  next(prompt: string, k: number): Promise<NextTokens>;
  write(prompt: string, n: number, pick: PickSettings, onToken: (t: Token) => void): Promise<Writing>;
  attention(prompt: string): Promise<AttentionMaps>;
  lens(prompt: string): Promise<LensRow[]>;
  /** The reader's turn, and the model's reply, the conversation kept in the cache (turns joined with <|endoftext|>). */
  chat(message: string, pick: PickSettings, onToken: (t: Token) => void): Promise<{ reply: string; contextTokens: number }>;
  chatReset(): Promise<void>;
  /** Frees the model (its memory). */
  unload(): Promise<void>;
  /** npm run bench: a `prompt`-token prompt read at once, then `n` tokens one at a time (greedy), each timed. */
  bench(prompt: number, n: number): Promise<{ promptTokensPerSecond: number; decodeTokensPerSecond: number }>;
}
