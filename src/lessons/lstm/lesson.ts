// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 5,
  title: 'Memory: RNN against LSTM',
  part: 'Beyond part IV',
  notebooks: ['lstm/LSTM.ipynb'],
  summary: 'Remember the first element of a long sequence: where plain RNNs forget and LSTMs do not.',
  page: () => import('./Lesson'),
};

export default lesson;
