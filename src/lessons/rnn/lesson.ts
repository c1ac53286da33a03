// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 3,
  title: 'Recurrent neural networks',
  part: 'Part III',
  notebooks: ['rnn/RNN.ipynb'],
  summary: 'Write an Elman RNN from scratch and step through its hidden state.',
  page: () => import('./Lesson'),
};

export default lesson;
