// The data a lesson trains on, picked the same way on every page: one of the lesson's corpora from a menu and
// Load, or a text file of the reader's own; a progress bar with Cancel while it loads, and what went wrong.

import type { ReactNode } from 'react';
import type { LoadProgress } from '../train/types';
import { LoadProgressBar } from './LoadProgressBar';

export interface CorpusPickerProps<C extends string> {
  /** The menu's id and the file input's (the page's tests and labels find them by these). */
  ids: { menu: string; file: string };
  /** What the menu picks: "Book", "Corpus". */
  label: string;
  choices: readonly { value: C; label: string }[];
  choice: C;
  /** A new choice (the picker forgets what was loaded of the old one). */
  onChoose: (choice: C) => void;
  /** The page's loading of its corpus (useCorpusLoad): load, progress, Cancel, the error, and what was loaded. */
  loader: {
    load: (source: C | File) => Promise<unknown>;
    loading?: LoadProgress;
    cancel?: () => void;
    error?: string;
    setLoaded: (loaded: undefined) => void;
  };
  /** Said after the error: what the page still has (a model trained before, say). */
  kept?: string;
  /** No worker yet: nothing can load. */
  disabled: boolean;
  /** Whether the choice can change now (not while a model trains on it). */
  editable: boolean;
  accept?: string;
  /** What the bar says once the bytes are in ("reading the characters"). */
  tokenizing?: string;
  /** What was loaded, shown under the controls. */
  children?: ReactNode;
}

export function CorpusPicker<C extends string>(p: CorpusPickerProps<C>) {
  const { loader } = p;
  const load = (source: C | File) => void loader.load(source);
  return (
    <>
      <fieldset className="field-row" disabled={!p.editable || loader.loading !== undefined}>
        <legend>Data</legend>
        <div className="field">
          <label htmlFor={p.ids.menu}>{p.label}</label>
          <select
            id={p.ids.menu}
            value={p.choice}
            onChange={(e) => {
              p.onChoose(e.target.value as C);
              loader.setLoaded(undefined);
            }}
          >
            {p.choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => load(p.choice)} disabled={p.disabled}>
          Load
        </button>
        <div className="field">
          <label htmlFor={p.ids.file}>Or a text file of your own</label>
          <input
            id={p.ids.file}
            type="file"
            accept={p.accept ?? '.txt,text/plain'}
            disabled={p.disabled}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) load(file);
              e.target.value = '';
            }}
          />
        </div>
      </fieldset>
      {loader.loading && <LoadProgressBar progress={loader.loading} tokenizing={p.tokenizing} onCancel={loader.cancel} />}
      {loader.error && (
        <p className="message error" role="alert">
          {loader.error}
          {p.kept ? ` ${p.kept}` : ''}
        </p>
      )}
      {p.children}
    </>
  );
}
