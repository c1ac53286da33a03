// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 7,
  title: 'Encoder-decoder, and attention',
  part: 'Beyond part IV',
  notebooks: ['attention/PermutingTheInput.ipynb'],
  summary: 'Reverse a sequence with and without attention, and watch the decoder learn where to look.',
  page: () => import('./Lesson'),
};

export default lesson;
