// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 12,
  title: 'A transformer trained on Wikipedia',
  part: 'Beyond part IV',
  notebooks: ['wiki/WikiTextTransformer.ipynb'],
  page: () => import('./Lesson'),
  summary: 'The series’ Project II: subword tokens, a decoder-only transformer, WikiText-2, and what overfitting looks like.',
};

export default lesson;
