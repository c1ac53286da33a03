// Lesson 8's slice of the worker: the step-through of one block, random or of a trained model.

import { DataError } from '../../lib/errors';
import { fetchPretrained } from '../../lib/fetchData';
import { TINY_GPT_SLOT, type TinyGptCheckpoint, type TinyGptExport } from '../../models/tinyGpt';
import type { PretrainedWiki } from '../../models/wikiTransformer';
import type { WorkerContext } from '../../train/context';
import { readCheckpointOf } from '../../train/session';
import type { TransformerApi } from './api';
import { DIMS, HEADS, MAX_TOKENS } from './meta';
import { traceBlock } from './trace';
import { checkpointSource, summaryOf, type TrainedSource, tinySource, traceTrained, wikiSource } from './trained';

export default function transformerWorker(ctx: WorkerContext): TransformerApi {
  let trained: TrainedSource | undefined;
  return {
    async trace(tokens, options) {
      if (tokens.length === 0) throw new DataError('Type a sentence first.');
      if (tokens.length > MAX_TOKENS) throw new DataError(`The step-through takes at most ${MAX_TOKENS} tokens, not ${tokens.length}.`);
      if (!(DIMS as readonly number[]).includes(options.dim) || !(HEADS as readonly number[]).includes(options.heads))
        throw new DataError(`The width must be one of ${DIMS.join(', ')} and the heads one of ${HEADS.join(', ')}.`);
      await ctx.ensureBackend();
      return traceBlock(tokens, options);
    },
    async openReady(url) {
      const file = await fetchPretrained<PretrainedWiki>(url);
      trained = wikiSource(file);
      return summaryOf(trained, file.vocab.length);
    },
    async openSaved() {
      const saved = await readCheckpointOf<TinyGptCheckpoint>(TINY_GPT_SLOT);
      if (!saved) throw new DataError('No tiny GPT trained in Lesson 9 is saved in this browser: train one there, or open a file it exported.');
      trained = checkpointSource(saved);
      return summaryOf(trained, saved.itos.length);
    },
    async openTinyGpt(file) {
      let parsed: TinyGptExport;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new DataError(`“${file.name}” is not a tiny GPT's export: it does not read as JSON.`);
      }
      const source = tinySource(parsed, file.name);
      trained = source;
      return summaryOf(source, parsed.vocabulary.length);
    },
    async traceTrained(text, layer) {
      if (!trained) throw new DataError('Open a trained model first.');
      if (text.trim() === '') throw new DataError('Type a sentence first.');
      await ctx.ensureBackend();
      return traceTrained(trained, text, layer, MAX_TOKENS);
    },
  };
}
