// The curriculum, found in the lessons' folders: each `src/lessons/<slug>/lesson.ts` says where it stands
// (its number, title, part of the series, notebook) and how to load its page; the folder's name is its route.
// Adding a lesson is adding a folder; nothing here or in the shell names one.

import type { ComponentType } from 'react';

/** What a lesson's lesson.ts declares (tfjs-free: the shell loads every one of them at start). */
export interface LessonDefinition {
  /** Its place in the curriculum (1, 2, ...). */
  number: number;
  title: string;
  summary: string;
  /** The part of the blog series it follows. */
  part: string;
  /** The companion notebooks it follows, paths in NOTEBOOKS_URL's repository. */
  notebooks?: readonly string[];
  /** The page, loaded when the reader opens the lesson; a lesson without one is announced as coming next. */
  page?: () => Promise<{ default: ComponentType }>;
}

export interface LessonEntry extends LessonDefinition {
  /** The folder's name: the route (#/<slug>) and the name of the lesson's slice in the worker. */
  slug: string;
  ready: boolean;
}

/** The lessons of `modules` (an import.meta.glob of lesson.ts files, by path), in curriculum order. */
export function lessonsFrom(modules: Record<string, LessonDefinition>): LessonEntry[] {
  const lessons = Object.entries(modules).map(([path, lesson]) => {
    const slug = /([^/]+)\/lesson\.ts$/.exec(path)?.[1];
    if (!slug) throw new Error(`${path} is not a lesson's lesson.ts.`);
    return { ...lesson, slug, ready: lesson.page !== undefined };
  });
  const numbers = new Set(lessons.map((l) => l.number));
  if (numbers.size !== lessons.length) throw new Error('Two lessons have the same number.');
  return lessons.sort((a, b) => a.number - b.number);
}

export const LESSONS: readonly LessonEntry[] = lessonsFrom(import.meta.glob<LessonDefinition>('./*/lesson.ts', { eager: true, import: 'default' }));

export const SERIES_URL = 'https://leftasexercise.com/';
export const NOTEBOOKS_URL = 'https://github.com/christianb93/MLLM';

/**
 * The blog's own search for a part of the series ("Part II"): the posts' addresses carry their dates, which
 * this project does not have, so the link asks the blog for the part by its title.
 */
export const seriesPartUrl = (part: string) => `${SERIES_URL}?s=${encodeURIComponent(`Mastering large language models ${part}`).replace(/%20/g, '+')}`;

/** A notebook's page on GitHub. */
export const notebookUrl = (path: string) => `${NOTEBOOKS_URL}/blob/main/${path}`;
