// What the shell needs of this lesson: its place in the curriculum. It has no page yet: the shell announces it as coming next.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 10,
  title: 'Subword tokens: BPE',
  part: 'Beyond part IV',
  notebook: 'bpe/BPE.ipynb',
  summary: 'Learn a byte-pair vocabulary on real text, and see why GPT-2 reads " transformer" as two tokens.',
};

export default lesson;
