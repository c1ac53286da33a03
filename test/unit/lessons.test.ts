// The lessons stand side by side: each is one folder that the shell and the worker find by itself, none imports
// another, and nothing outside a lesson's folder names it.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS, type LessonDefinition, lessonsFrom } from '../../src/lessons';
import { createContext } from '../../src/train/context';
import { type LessonWorkerModule, lessonSlices } from '../../src/train/lessons';
import type { EchoApi } from '../fixtures/lessons/echo/api';

const lessonFolders = readdirSync('src/lessons').filter((name) => statSync(join('src/lessons', name)).isDirectory());

describe('the curriculum, found in the lessons’ folders', () => {
  it('has every folder with a lesson.ts, in order of its number, each named by its folder', () => {
    expect(LESSONS.map((l) => l.slug).sort()).toEqual(lessonFolders.filter((f) => existsSync(`src/lessons/${f}/lesson.ts`)).sort());
    expect(LESSONS.map((l) => l.number)).toEqual(LESSONS.map((_, i) => i + 1));
    // A lesson with a page has its worker slice beside it; one without is announced as coming next.
    for (const lesson of LESSONS)
      expect({ slug: lesson.slug, ready: lesson.ready }).toEqual({ slug: lesson.slug, ready: existsSync(`src/lessons/${lesson.slug}/Lesson.tsx`) });
  });

  it('takes in a new lesson from its folder alone: the shell lists it and the worker serves its slice under the folder’s name', async () => {
    const real = import.meta.glob<LessonDefinition>('../../src/lessons/*/lesson.ts', { eager: true, import: 'default' });
    const added = import.meta.glob<LessonDefinition>('../fixtures/lessons/*/lesson.ts', { eager: true, import: 'default' });
    const lessons = lessonsFrom({ ...real, ...added });
    expect(lessons).toHaveLength(LESSONS.length + 1);
    expect(lessons.at(-1)).toMatchObject({ slug: 'echo', title: 'Echo', number: 99, ready: true });
    expect(typeof (await lessons.at(-1)!.page!()).default).toBe('function');

    const workers = import.meta.glob<LessonWorkerModule>('../fixtures/lessons/*/worker.ts', { eager: true });
    const slices = lessonSlices(workers, createContext(async () => ({}) as never).context);
    const echo = slices.echo as EchoApi;
    expect(await echo.shout('hello')).toEqual({ text: 'HELLO', calls: 1 });
    expect(await echo.shout('again')).toEqual({ text: 'AGAIN', calls: 2 });
  });

  it('refuses two lessons with the same number', () => {
    const one = { number: 1, title: 'a', part: 'x', summary: '' };
    expect(() => lessonsFrom({ './a/lesson.ts': one, './b/lesson.ts': one })).toThrow('same number');
  });
});

/** The TypeScript files under `root` (or those whose names match `pattern`). */
function sourceFiles(root: string, pattern = /\.tsx?$/): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (pattern.test(name)) files.push(path);
    }
  };
  walk(root);
  return files;
}

/** Every relative import (and raw or URL import) of the TypeScript files under `root`, resolved to a path. */
function imports(root: string): { from: string; to: string }[] {
  return sourceFiles(root).flatMap((from) =>
    [...readFileSync(from, 'utf8').matchAll(/(?:from|import\(|new URL\()\s*'(\.\.?\/[^'?]+)/g)].map((m) => ({
      from,
      to: normalize(join(dirname(from), m[1])),
    })),
  );
}

const lessonOf = (path: string) => /^src\/lessons\/([^/]+)\//.exec(path)?.[1];

describe('the shape of the source', () => {
  const all = imports('src');

  it('has no lesson that imports another lesson', () => {
    const across = all.filter(({ from, to }) => lessonOf(from) && lessonOf(to) && lessonOf(from) !== lessonOf(to));
    expect(across).toEqual([]);
  });

  it('has no file outside a lesson’s folder that imports from it or names it', () => {
    const into = all.filter(({ from, to }) => !lessonOf(from) && lessonOf(to));
    expect(into).toEqual([]);
    const named = all
      .map(({ from }) => from)
      .filter((from, i, list) => list.indexOf(from) === i && !lessonOf(from))
      .filter((from) => lessonFolders.some((slug) => readFileSync(from, 'utf8').includes(`lessons/${slug}/`)));
    expect(named).toEqual([]);
  });

  it('keeps React out of what the worker runs', () => {
    const workerSide = ['src/lib', 'src/train', 'src/models', 'src/text', 'src/kernels'];
    const react = all.filter(({ from }) => workerSide.some((dir) => from.startsWith(dir)) && readFileSync(from, 'utf8').includes("from 'react'"));
    expect(react.map(({ from }) => from)).toEqual([]);
    for (const slug of lessonFolders) {
      for (const file of ['worker.ts', 'session.ts']) {
        const path = `src/lessons/${slug}/${file}`;
        if (existsSync(path)) expect({ path, react: readFileSync(path, 'utf8').includes("from 'react'") }).toEqual({ path, react: false });
      }
    }
  });
  it('keeps every source file under about 300 lines', () => {
    const long = [...sourceFiles('src'), ...sourceFiles('src', /\.css$/)]
      .map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 320);
    expect(long).toEqual([]);
  });
});
