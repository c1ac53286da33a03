// Lesson 3 without tfjs: the page's fields with their defaults and bounds, and the step-through's limits.

import { type Fields, intField, textField } from '../../lib/fields';

/** The longest sequence the step-through takes (its one-hot width is the number of distinct tokens). */
export const MAX_TRACE_TOKENS = 12;
/** Rows shown in the teacher-forcing and generation tables. */
export const MAX_ROWS = 40;

/** The page's settings. */
export interface RnnState {
  sentence: string;
  traced: string;
  hidden: number;
  seed: number;
  split: number;
}
/** Every setting of the page, with its default and bounds. */
export const RNN_FIELDS: Fields<RnnState> = {
  sentence: textField('Dinosaurs are big animals', 2000),
  traced: textField('I love my cute dog', 500),
  hidden: intField(4, 1, 8),
  seed: intField(1, 0, 2 ** 31 - 1),
  split: intField(3, 1, MAX_TRACE_TOKENS),
};
