// The curriculum: every planned lesson, in order. Only those with `ready` have a page yet.

export interface LessonEntry {
  slug: string;
  number: number;
  title: string;
  summary: string;
  /** The part of the blog series it follows. */
  part: string;
  /** The companion notebook it follows, a path in NOTEBOOKS_URL's repository. */
  notebook?: string;
  ready: boolean;
}

export const LESSONS: readonly LessonEntry[] = [
  {
    slug: 'tokens',
    number: 1,
    title: 'Tokens and vocabularies',
    part: 'Part I',
    ready: true,
    summary: 'Split text into tokens, give each an id, and see why one-hot vectors are not enough.',
  },
  {
    slug: 'word2vec',
    notebook: 'word2vec/Word2Vec.ipynb',
    number: 2,
    title: 'Words as vectors: word2vec',
    part: 'Part II',
    ready: true,
    summary: 'Train CBOW on WikiText-2 and watch neighbours like king and queen find each other.',
  },
  {
    slug: 'rnn',
    notebook: 'rnn/RNN.ipynb',
    number: 3,
    title: 'Recurrent neural networks',
    part: 'Part III',
    ready: true,
    summary: 'Write an Elman RNN from scratch and step through its hidden state.',
  },
  {
    slug: 'counting',
    notebook: 'rnn/LearningHowToCount.ipynb',
    number: 4,
    title: 'An RNN that learns to count',
    part: 'Part IV',
    ready: true,
    summary: 'Teach a network what comes after 7, 8, 9, 10, and find where it fails.',
  },
  {
    slug: 'lstm',
    notebook: 'lstm/LSTM.ipynb',
    number: 5,
    title: 'Memory: RNN against LSTM',
    part: 'Beyond part IV',
    ready: true,
    summary: 'Remember the first element of a long sequence: where plain RNNs forget and LSTMs do not.',
  },
  {
    slug: 'char-lstm',
    notebook: 'warandpeace/AllInOne.ipynb',
    number: 6,
    title: 'A character-level LSTM',
    part: 'Beyond part IV',
    ready: true,
    summary: 'Train a model on War and Peace and let it write.',
  },
  {
    slug: 'attention',
    number: 7,
    title: 'Encoder-decoder, and attention',
    part: 'Beyond part IV',
    ready: true,
    summary: 'Reverse a sequence with and without attention, and watch the decoder learn where to look.',
  },
  {
    slug: 'transformer',
    number: 8,
    title: 'Self-attention and the transformer block',
    part: 'Beyond part IV',
    ready: true,
    summary: 'Queries, keys, values, the causal mask and several heads, step by step on your own sentence.',
  },
  {
    slug: 'gpt',
    number: 9,
    title: 'A tiny GPT',
    part: 'Beyond part IV',
    ready: true,
    summary: 'Stack the blocks into a character-level GPT, train it on Shakespeare and race it against the LSTM.',
  },
];

export const SERIES_URL = 'https://leftasexercise.com/';
export const NOTEBOOKS_URL = 'https://github.com/christianb93/MLLM';

/**
 * The blog's own search for a part of the series ("Part II"): the posts' addresses carry their dates, which
 * this project does not have, so the link asks the blog for the part by its title.
 */
export const seriesPartUrl = (part: string) => `${SERIES_URL}?s=${encodeURIComponent(`Mastering large language models ${part}`).replace(/%20/g, '+')}`;

/** A notebook's page on GitHub. */
export const notebookUrl = (path: string) => `${NOTEBOOKS_URL}/blob/main/${path}`;
