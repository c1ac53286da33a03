// Lesson 11's slice of the worker: a pretrained GPT-2 downloaded from Hugging Face (or the reader's files), run
// on this site's engine, with GPT-2's tokenizer from this site.

import { DataError } from '../../lib/errors';
import { DATA_CACHE, fetchPretrained } from '../../lib/fetchData';
import { sha256Hex } from '../../lib/knownFiles';
import { type Gpt2Model, loadGpt2 } from '../../models/gpt2';
import { pickToken } from '../../models/sampling';
import { charTokenizer, loadTinyGpt, type TinyGptExport } from '../../models/tinyGpt';
import { loadWikiTransformer, type PretrainedWiki, wikiTokenizer } from '../../models/wikiTransformer';
import { loadGpt2Tokenizer } from '../../text/gpt2Files';
import type { Gpt2Tokenizer } from '../../text/gpt2Tokenizer';
import type { WorkerContext } from '../../train/context';
import { readBytes } from '../../train/readText';
import type { Session } from '../../train/session';
import type { LoadProgress } from '../../train/types';
import type { Gpt2Api, LoadedModel } from './api';
import { hubUrl, MODELS, type ModelChoice } from './meta';
import { attentionMaps, Conversation, logitLens, nextTokens, type Reader, writeTokens } from './reading';

/** The model held, as a session of its slot (so that Stop and Reset reach it). */
class HeldModel implements Session {
  constructor(
    readonly model: Gpt2Model,
    readonly name: string,
  ) {}
  dispose(): void {
    this.model.dispose();
  }
}

/** A config.json's settings, or a message where it is not JSON. */
function readConfig(text: string, name: string): object {
  try {
    const config = JSON.parse(text);
    if (typeof config === 'object' && config) return config;
  } catch {
    // said below
  }
  throw new DataError(`${name} is not a model's config.json: it does not read as a JSON object.`);
}

export default function gpt2Worker(ctx: WorkerContext): Gpt2Api {
  const held = ctx.slot<HeldModel>('gpt2/model', 'model');
  let gpt2Tokens: Gpt2Tokenizer | undefined;
  /** The held model's tokenizer: GPT-2's, or a tiny GPT's characters. */
  let tokenizer: Reader['tokenizer'] | undefined;
  const conversation = new Conversation();
  const reader = (): Reader => {
    const current = held.require('Load a model first.');
    return { model: current.model, tokenizer: tokenizer! };
  };

  /** Reads the model from its files' bytes into the engine; its figures for the page. */
  async function open(
    name: string,
    config: object,
    weights: Uint8Array,
    sha256: string,
    fromCache: boolean,
    started: number,
    root: string,
    onProgress: (p: LoadProgress) => void,
  ): Promise<LoadedModel> {
    gpt2Tokens ??= (await loadGpt2Tokenizer(root)).tokenizer;
    tokenizer = gpt2Tokens;
    onProgress({ phase: 'tokenize', loaded: 0, total: 1 });
    held.set(undefined);
    conversation.reset();
    const buffer =
      weights.byteOffset === 0 && weights.byteLength === weights.buffer.byteLength ? (weights.buffer as ArrayBuffer) : (weights.slice().buffer as ArrayBuffer);
    const model = await loadGpt2({ config, safetensors: buffer });
    held.set(new HeldModel(model, name));
    const c = model.config;
    return {
      name,
      parameters: model.parameters,
      layers: c.n_layer,
      heads: c.n_head,
      positions: c.n_positions,
      fileBytes: weights.byteLength,
      fromCache,
      sha256,
      seconds: (performance.now() - started) / 1000,
    };
  }

  return {
    async cached(choice) {
      if (typeof caches === 'undefined') return false;
      const cache = await caches.open(DATA_CACHE).catch(() => undefined);
      return Boolean(await cache?.match(hubUrl(MODELS[choice], 'model.safetensors')));
    },

    async load(choice: ModelChoice, root, onProgress) {
      const started = performance.now();
      const model = MODELS[choice];
      const config = readConfig(new TextDecoder().decode((await readBytes(hubUrl(model, 'config.json'))).bytes), `${model.name}'s config.json`);
      const weights = await readBytes(hubUrl(model, 'model.safetensors'), onProgress, model.weights);
      const sha256 = model.weights?.sha256 ?? (await sha256Hex(weights.bytes));
      return open(model.name, config, weights.bytes, sha256, weights.fromCache, started, root, onProgress);
    },

    async loadTinyGpt(file) {
      const started = performance.now();
      let parsed: TinyGptExport;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new DataError(`“${file.name}” is not a tiny GPT's export: it does not read as JSON.`);
      }
      held.set(undefined);
      conversation.reset();
      const model = await loadTinyGpt(parsed);
      held.set(new HeldModel(model, `${file.name} (Lesson 9's tiny GPT)`));
      tokenizer = charTokenizer(parsed.vocabulary);
      const c = model.config;
      return {
        name: `${file.name} (Lesson 9's tiny GPT, ${c.vocab_size} characters)`,
        parameters: model.parameters,
        layers: c.n_layer,
        heads: c.n_head,
        positions: c.n_positions,
        fileBytes: file.size,
        fromCache: false,
        sha256: await sha256Hex(new Uint8Array(await file.arrayBuffer())),
        seconds: (performance.now() - started) / 1000,
      };
    },

    async loadWikiTransformer(url) {
      const started = performance.now();
      const response = await fetchPretrained<PretrainedWiki>(url);
      held.set(undefined);
      conversation.reset();
      const model = await loadWikiTransformer(response);
      const name = `Project II's transformer (Lesson 12, ${response.vocab.length.toLocaleString('en')} BPE tokens)`;
      held.set(new HeldModel(model, name));
      tokenizer = wikiTokenizer(response.vocab, response.rules);
      const c = model.config;
      const json = JSON.stringify(response);
      return {
        name,
        parameters: model.parameters,
        layers: c.n_layer,
        heads: c.n_head,
        positions: c.n_positions,
        fileBytes: json.length,
        fromCache: false,
        sha256: await sha256Hex(new TextEncoder().encode(json)),
        seconds: (performance.now() - started) / 1000,
      };
    },

    async loadFiles(configFile, weightsFile, root, onProgress) {
      const started = performance.now();
      const config = readConfig(await configFile.text(), `“${configFile.name}”`);
      onProgress({ phase: 'download', loaded: 0, total: weightsFile.size });
      const weights = new Uint8Array(await weightsFile.arrayBuffer());
      onProgress({ phase: 'download', loaded: weights.length, total: weights.length });
      return open(weightsFile.name, config, weights, await sha256Hex(weights), false, started, root, onProgress);
    },

    async next(prompt, k) {
      conversation.forgetCache();
      return nextTokens(reader(), prompt, Math.min(Math.max(1, Math.floor(k)), 100));
    },

    async write(prompt, n, pick, onToken) {
      ctx.stop.arm();
      const r = reader();
      if (!Number.isInteger(n) || n < 1 || n > 400) throw new DataError('Write 1 to 400 tokens.');
      conversation.forgetCache();
      return writeTokens(r, prompt, n, pick, onToken, ctx.stop.begin(held, held.current!));
    },

    async attention(prompt) {
      conversation.forgetCache();
      return attentionMaps(reader(), prompt);
    },

    async lens(prompt) {
      conversation.forgetCache();
      return logitLens(reader(), prompt);
    },

    async chat(message, pick, onToken) {
      ctx.stop.arm();
      const r = reader();
      return conversation.reply(r, message, pick, onToken, ctx.stop.begin(held, held.current!));
    },

    async chatReset() {
      conversation.reset();
    },

    async bench(prompt, n) {
      const { model } = reader();
      const ids = Array.from({ length: prompt }, (_, i) => (i * 7919) % model.config.vocab_size);
      model.reset();
      let started = performance.now();
      let logits = model.extend(ids);
      const promptSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      for (let i = 0; i < n; i++) logits = model.extend([pickToken(logits, { greedy: true })]);
      const decodeSeconds = (performance.now() - started) / 1000;
      conversation.forgetCache();
      return { promptTokensPerSecond: prompt / promptSeconds, decodeTokensPerSecond: n / decodeSeconds };
    },

    async unload() {
      ctx.stop.request();
      held.set(undefined);
      conversation.reset();
    },
  };
}
