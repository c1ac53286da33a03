// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 4,
  title: 'An RNN that learns to count',
  part: 'Part IV',
  notebooks: ['rnn/LearningHowToCount.ipynb'],
  summary: 'Teach a network what comes after 7, 8, 9, 10, and find where it fails.',
  page: () => import('./Lesson'),
};

export default lesson;
