// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 1,
  title: 'Tokens and vocabularies',
  part: 'Part I',
  summary: 'Split text into tokens, give each an id, and see why one-hot vectors are not enough.',
  page: () => import('./Lesson'),
};

export default lesson;
