// The lessons' slices of the worker, found in their folders: each `src/lessons/<slug>/worker.ts` has a default
// export that makes its slice from the worker's context, filed under the folder's name. Nothing here names a lesson.

import type { WorkerContext } from './context';

/** A lesson's worker.ts. */
export interface LessonWorkerModule {
  default: (ctx: WorkerContext) => object;
}

/** The folder's name of a lesson file's path (`../lessons/<slug>/worker.ts` -> `<slug>`). */
export function slugOf(path: string): string {
  const match = /lessons\/([^/]+)\/[^/]+$/.exec(path);
  if (!match) throw new Error(`${path} is not a file in a lesson's folder.`);
  return match[1];
}

/** Every lesson's slice, by slug, made once from `ctx`. */
export function lessonSlices(modules: Record<string, LessonWorkerModule>, ctx: WorkerContext): Record<string, object> {
  return Object.fromEntries(Object.entries(modules).map(([path, module]) => [slugOf(path), module.default(ctx)]));
}
