// Lesson 12's slice of the worker: WikiText-2 cleaned and cut into Project II's BPE tokens, the transformer in
// training in the GPT engine (the project's WebAssembly kernels, whatever the backend), its samples, the
// ready-trained model, and the benchmarks.

import type { Kernels } from '../../kernels/kernels';
import { loadFastKernels } from '../../kernels/load';
import { DataError } from '../../lib/errors';
import { fetchPretrained } from '../../lib/fetchData';
import { checkBounds } from '../../lib/fields';
import { decodeWikiPretrained, encodeWikiPretrained, type PretrainedWiki } from '../../models/wikiTransformer';
import { WIKITEXT2 } from '../../text/corpora';
import { pythonSplit } from '../../text/python';
import { projectTwoText } from '../../text/wikitext';
import { timed } from '../../train/bench/profile';
import { extendHeld, restoreHeld, trainHeld, type WorkerContext } from '../../train/context';
import { estimateRun } from '../../train/estimate';
import { yieldToEvents } from '../../train/loop';
import { readText } from '../../train/readText';
import type { WikiApi } from './api';
import { encodeCorpus, fixedBatches, learnCorpus, type WikiCorpus } from './data';
import { WIKI_FIELDS, type WikiConfig } from './meta';
import { VALIDATE_EVERY, WikiSession } from './session';

/** The most text the lesson cuts into tokens (WikiText-2's train split is 10.8 MB). */
const MAX_TEXT_CHARS = 16_000_000;
/** The longest sample the page asks for at once, in tokens. */
const MAX_WRITE = 400;
/** Points of the training curve a ready-trained file keeps. */
const FILE_POINTS = 400;

export default function wikiWorker(ctx: WorkerContext): WikiApi {
  let corpus: WikiCorpus | undefined;
  let kernels: Promise<Kernels> | undefined;
  const model = ctx.slot<WikiSession>('wiki-transformer/model');
  let prompt = 'The game was';
  // The engine runs in the project's kernels on every backend (on WebGL too: its steps are many small products).
  const engineKernels = async () => {
    await ctx.ensureBackend();
    const fast = await ctx.fastKernels();
    if (fast) return fast;
    kernels ??= loadFastKernels();
    return kernels;
  };
  const needCorpus = () => {
    if (!corpus) throw new DataError('Load WikiText-2 first.');
    return corpus;
  };
  const check = (config: WikiConfig) => {
    checkBounds(config, WIKI_FIELDS);
    if (config.width % config.heads !== 0)
      throw new DataError(`The width ${config.width} does not split into ${config.heads} heads: pick a width that ${config.heads} divides.`);
  };
  const attachIfSame = (session: WikiSession) => {
    if (corpus && corpus.vocab.length === session.vocab.length && corpus.vocab.every((s, i) => s === session.vocab[i])) session.attach(corpus);
  };

  return {
    async load(source, rules, merges, onProgress) {
      const { text, fromCache } = await readText(source, onProgress);
      if (text.length > MAX_TEXT_CHARS)
        throw new DataError(
          `“${source.name}” has ${text.length.toLocaleString('en')} characters; this lesson reads at most ${MAX_TEXT_CHARS.toLocaleString('en')}.`,
        );
      onProgress?.({ phase: 'tokenize', loaded: 0, total: 1 });
      await yieldToEvents();
      const started = performance.now();
      // WikiText-2 is cleaned as the notebook does; any other text is split at white space as it is.
      const words = pythonSplit(source.kind === 'mirrors' && source.name === WIKITEXT2.name ? projectTwoText(text.split('\n')) : text);
      if (words.length === 0) throw new DataError(`“${source.name}” has no words in it.`);
      let next: WikiCorpus;
      if (rules === 'learn') {
        if (!Number.isInteger(merges) || merges < 1 || merges > 20_000) throw new DataError('Learn 1 to 20,000 merges.');
        next = learnCorpus(source.name, words, merges);
      } else {
        const held = model.require('There is no model whose rules could cut the text: load the ready-trained model, or learn the rules.');
        next = encodeCorpus(source.name, words, held.rules, held.vocab);
      }
      corpus = next;
      if (model.current) attachIfSame(model.current);
      onProgress?.({ phase: 'tokenize', loaded: 1, total: 1 });
      return {
        name: source.name,
        fromCache,
        words: words.length,
        vocab: next.vocab.length,
        merges: next.rules.length,
        tokens: next.train.length + next.validation.length,
        train: next.train.length,
        validation: next.validation.length,
        rules: rules === 'learn' ? 'learned' : 'ready',
        seconds: (performance.now() - started) / 1000,
      };
    },

    async create(config) {
      check(config);
      const from = needCorpus();
      const session = await WikiSession.create(from, config, await engineKernels());
      session.prompt = prompt;
      model.set(session);
      return { parameters: session.parameters, vocab: from.vocab.length };
    },

    async estimate(config) {
      check(config);
      const from = needCorpus();
      return estimateRun(await WikiSession.create(from, { ...config, steps: 3 }, await engineKernels()), config.steps, VALIDATE_EVERY);
    },

    async train(maxSteps, onProgress, onEvent) {
      ctx.stop.arm();
      const session = model.require('There is no model to train: press Train to create one.');
      if (!session.corpus) {
        if (!corpus) throw new DataError('Load WikiText-2 to go on training this model.');
        session.attach(corpus);
      }
      session.prompt = prompt;
      session.onEvent = onEvent;
      try {
        return await trainHeld(ctx, model, session, maxSteps, onProgress);
      } finally {
        session.onEvent = undefined;
      }
    },

    async setPrompt(text) {
      prompt = text;
      if (model.current) model.current.prompt = text;
    },

    async write(text, length) {
      if (!Number.isInteger(length) || length < 1 || length > MAX_WRITE) throw new DataError(`Write 1 to ${MAX_WRITE} tokens.`);
      return model.require('Train the model first, or load the ready-trained one: an untrained model writes noise.').write(text, length);
    },

    extend(steps) {
      return extendHeld(model, steps);
    },

    async restore() {
      const k = await engineKernels();
      return restoreHeld(ctx, model, (slot) => WikiSession.restore(slot, k), corpus);
    },

    async loadPretrained(url) {
      const file = await fetchPretrained<PretrainedWiki<WikiConfig>>(url);
      const weights = decodeWikiPretrained(file);
      checkBounds(file.config, WIKI_FIELDS);
      const { config, vocab, rules, corpusName, step, seconds, points, validation, madeBy } = file;
      const session = await WikiSession.build(
        { ...config, steps: step },
        vocab,
        rules,
        corpusName,
        { weights, saved: { step, seconds, points, validation, pretrained: madeBy } },
        await engineKernels(),
      );
      session.prompt = prompt;
      model.set(session);
      attachIfSame(session);
      await session.save(model);
      return session.describe();
    },

    async exportPretrained(made) {
      const session = model.require('Train a model first.');
      const every = Math.max(1, Math.ceil(session.points.length / FILE_POINTS));
      const file = encodeWikiPretrained(session.weights(), {
        corpusName: session.corpusName,
        licence: made.licence,
        madeBy: made.madeBy,
        config: session.config,
        vocab: session.vocab,
        rules: session.rules,
        step: session.step,
        seconds: session.seconds,
        points: session.points.filter((_, i) => (i + 1) % every === 0),
        validation: made.curve.length > 0 ? made.curve : session.validation,
      });
      return JSON.stringify(file);
    },

    async reset() {
      ctx.stop.request();
      await model.forget();
    },

    async bench(config, seconds) {
      check(config);
      const from = needCorpus();
      const k = await engineKernels();
      const session = await WikiSession.create(from, { ...config, steps: 1_000_000 }, k);
      try {
        const { steps, elapsed } = timed(seconds, () => session.trainStep());
        return { tokensPerSecond: (steps * config.batch * config.context) / elapsed, steps, threads: k.threads ? 2 : 1 };
      } finally {
        session.dispose();
      }
    },

    async benchValidation() {
      const session = model.require('Load the ready-trained model first.');
      const from = needCorpus();
      const { context, batch } = session.config;
      const batches = fixedBatches(from.validation, context, batch, Number.POSITIVE_INFINITY);
      const loss = session.validationLoss(batches);
      const windows = batches.length * batch;
      return { loss, windows, tokens: windows * context };
    },
  };
}
