// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 8,
  title: 'Self-attention and the transformer block',
  part: 'Beyond part IV',
  notebooks: ['attention/MultiHeadSelfAttention.ipynb', 'transformers/Transformers.ipynb'],
  summary: 'Queries, keys, values, the causal mask and several heads, step by step on your own sentence.',
  page: () => import('./Lesson'),
};

export default lesson;
