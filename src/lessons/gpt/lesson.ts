// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 9,
  title: 'A tiny GPT',
  part: 'Beyond part IV',
  notebooks: ['embeddings/PositionalEmbeddings.ipynb', 'sampling/TemperatureSampling.ipynb'],
  summary: 'Stack the blocks into a character-level GPT, train it on Shakespeare and race it against the LSTM.',
  page: () => import('./Lesson'),
};

export default lesson;
