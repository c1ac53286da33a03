// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 2,
  title: 'Words as vectors: word2vec',
  part: 'Part II',
  notebooks: ['word2vec/Word2Vec.ipynb'],
  summary: 'Train CBOW on WikiText-2, watch king find queen, duke and pope among its neighbours, and solve analogies.',
  page: () => import('./Lesson'),
};

export default lesson;
