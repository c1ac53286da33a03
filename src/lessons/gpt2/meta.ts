// Lesson 11 without tfjs: the pretrained models the page offers (where Hugging Face serves them, and what they
// weigh), the page's settings with their bounds, and what a model takes in memory.

import { choiceField, type Fields, intField, numberField, textField } from '../../lib/fields';
import type { KnownFile } from '../../lib/knownFiles';

export type ModelChoice = 'gpt2' | 'dialogpt-small';

export interface PretrainedModel {
  name: string;
  /** Hugging Face's repository and the revision read (a commit, so that the files cannot change under us). */
  repo: string;
  revision: string;
  /** The published model.safetensors, where its size and SHA-256 are known (checked before use); else its size, about. */
  weights?: KnownFile;
  approxBytes: number;
  parameters: number;
  blurb: string;
}

/** Hugging Face's address of a file of `model`. */
export const hubUrl = (model: PretrainedModel, file: string) => `https://huggingface.co/${model.repo}/resolve/${model.revision}/${file}`;

export const MODELS: Record<ModelChoice, PretrainedModel> = {
  gpt2: {
    name: 'GPT-2 (124 M)',
    repo: 'openai-community/gpt2',
    revision: '607a30d783dfa663caf39e06633721c8d4cfcd7e',
    weights: { bytes: 548_105_171, sha256: '248dfc3911869ec493c76e65bf2fcf7f615828b0254c12b473182f0f81d3a707' },
    approxBytes: 548_105_171,
    parameters: 124_439_808,
    blurb: 'OpenAI’s smallest GPT-2: 12 blocks, 12 heads, width 768, 1,024 positions, trained on 40 GB of web text.',
  },
  'dialogpt-small': {
    name: 'DialoGPT (small)',
    repo: 'microsoft/DialoGPT-small',
    revision: 'main',
    approxBytes: 351_000_000,
    parameters: 124_439_808,
    blurb: 'Microsoft’s GPT-2 small trained further on 147 M Reddit conversations: the series’ chat model (Project III).',
  },
};

export type PickMode = 'greedy' | 'sample';

export interface Gpt2State {
  model: ModelChoice;
  prompt: string;
  mode: PickMode;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  tokens: number;
}

export const GPT2_FIELDS = {
  model: choiceField<ModelChoice>('gpt2', ['gpt2', 'dialogpt-small']),
  prompt: textField('The transformer architecture changed how machines read text because', 1000),
  mode: choiceField<PickMode>('sample', ['greedy', 'sample']),
  temperature: numberField(0.7, 0.05, 5),
  topK: intField(40, 0, 50_257),
  topP: numberField(0.95, 0.01, 1),
  seed: intField(0, 0, 2 ** 31 - 1),
  tokens: intField(40, 1, 400),
} satisfies Fields<Gpt2State>;

/** The series' chat script's settings (chatbot/chat.py): temperature 0.7, top-p 0.95, which its generate() never applied. */
export const CHAT_SAMPLING = { temperature: 0.7, topP: 0.95 } as const;

/**
 * The memory a GPT-2 takes here: its weights as float32 in the engine, the cache of keys and values for the whole
 * context, and the downloaded file while it is read in.
 */
export function gpt2MemoryBytes(parameters: number, fileBytes: number, layers = 12, positions = 1024, width = 768): { running: number; loading: number } {
  const running = 4 * (parameters + 2 * layers * positions * width + positions * 16 * width);
  return { running, loading: running + fileBytes };
}
