// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 6,
  title: 'A character-level LSTM',
  part: 'Beyond part IV',
  notebooks: ['warandpeace/AllInOne.ipynb'],
  summary: 'Train a model on War and Peace and let it write.',
  page: () => import('./Lesson'),
};

export default lesson;
