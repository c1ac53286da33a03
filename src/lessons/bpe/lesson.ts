// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 10,
  title: 'Subword tokens: BPE',
  part: 'Beyond part IV',
  notebooks: ['bpe/BPE.ipynb'],
  summary: 'Learn a byte-pair vocabulary on real text merge by merge, then read text as GPT-2 does: bytes, merged into 50,257 tokens.',
  page: () => import('./Lesson'),
};

export default lesson;
