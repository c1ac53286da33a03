// Everything the text box shows, computed from the reader's text in one pure function, so the page can
// run it for a sentence and the worker for two megabytes.

import { basicEnglish, whitespaceSplit } from '../../text/basicEnglish';
import { buildVocab, decode, encode, firstAppearanceVocab } from '../../text/vocab';

export interface TextAnalysisOptions {
  /** min_freq of the torchtext-style vocabulary. */
  minFreq: number;
  /** A second text, encoded with the vocabulary built from the first (where unknown words show up). */
  probe: string;
  /** At most this many tokens or vocabulary entries are sent back for display. */
  limit: number;
}

/** A list shown as chips: the first `limit` items and how many there are in all. */
export interface Shown<T> {
  items: T[];
  total: number;
}

export interface TextAnalysis {
  chars: number;
  naive: Shown<string>;
  tokens: Shown<string>;
  /** The vocabulary by first appearance and the ids of the tokens in it. */
  firstSeen: { itos: Shown<string>; ids: number[] };
  /** torchtext's vocabulary with `<unk>` at id 0, by frequency, at `minFreq`. */
  torchtext: { itos: Shown<string>; ids: number[] };
  /** The probe text through torchtext's vocabulary: tokens, ids, which are unknown, and decoded back. */
  probe: { tokens: string[]; ids: number[]; unknown: boolean[]; decoded: string };
}

const shown = <T>(all: readonly T[], limit: number): Shown<T> => ({ items: all.slice(0, limit), total: all.length });

/** Tokenizes `text` two ways, builds both vocabularies, encodes the text and the probe, decodes the probe. */
export function analyseText(text: string, opts: TextAnalysisOptions): TextAnalysis {
  const naive = whitespaceSplit(text);
  const tokens = basicEnglish(text);
  const firstSeen = firstAppearanceVocab(tokens);
  const torch = buildVocab([tokens], { minFreq: opts.minFreq, specials: ['<unk>'] });
  const probeTokens = basicEnglish(opts.probe).slice(0, opts.limit);
  const probeIds = encode(torch, probeTokens);
  return {
    chars: text.length,
    naive: shown(naive, opts.limit),
    tokens: shown(tokens, opts.limit),
    firstSeen: { itos: shown(firstSeen.itos, opts.limit), ids: encode(firstSeen, tokens.slice(0, opts.limit)) },
    torchtext: { itos: shown(torch.itos, opts.limit), ids: encode(torch, tokens.slice(0, opts.limit)) },
    probe: {
      tokens: probeTokens,
      ids: probeIds,
      unknown: probeTokens.map((token, i) => probeIds[i] === 0 && token !== '<unk>'),
      decoded: decode(torch, probeIds),
    },
  };
}
