// What the shell needs of this lesson: its place in the curriculum, and its page, loaded when opened.

import type { LessonDefinition } from '..';

const lesson: LessonDefinition = {
  number: 11,
  title: 'A pretrained GPT-2',
  part: 'Beyond part IV',
  summary: 'Run the real GPT-2 in your browser on our own engine: its next-token table, its attention, and a chat.',
  page: () => import('./Lesson'),
};

export default lesson;
