// Which pretrained model, what it weighs before it downloads, the download itself (asked first), or the reader's
// own files; and the model once loaded.

import { useState } from 'react';
import { LoadProgressBar } from '../../ui/LoadProgressBar';
import { type Gpt2State, gpt2MemoryBytes, MODELS, type ModelChoice } from './meta';
import type { Gpt2Model } from './useGpt2Model';

const mb = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString('en')} MB`;

export function ModelWidget({
  model,
  state,
  setState,
  ready,
}: {
  model: Gpt2Model;
  state: Gpt2State;
  setState: (p: Partial<Gpt2State>) => void;
  ready: boolean;
}) {
  const chosen = MODELS[state.model];
  const memory = gpt2MemoryBytes(chosen.parameters, chosen.approxBytes);
  const [files, setFiles] = useState<{ config?: File; weights?: File }>({});
  const { loaded, loading, error, cached } = model;
  return (
    <section className="widget" aria-labelledby="gpt2-model-heading">
      <h3 id="gpt2-model-heading">The model</h3>
      <fieldset className="field-row" disabled={loading !== undefined}>
        <legend>Model</legend>
        <div className="field">
          <label htmlFor="gpt2-model">Pretrained model</label>
          <select id="gpt2-model" value={state.model} onChange={(e) => setState({ model: e.target.value as ModelChoice })}>
            {(Object.keys(MODELS) as ModelChoice[]).map((key) => (
              <option key={key} value={key}>
                {MODELS[key].name}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <p>{chosen.blurb}</p>
      <p data-testid="gpt2-cost">
        Its weights are {mb(chosen.approxBytes)} (
        {chosen.weights ? 'the published file, checked against its SHA-256' : 'about; checked for shape, not against a published hash'}), from Hugging Face (
        {chosen.repo}). Here it takes about {mb(memory.running)} of memory to run (its weights as float32 and a cache of keys and values for 1,024 tokens), and{' '}
        {mb(memory.loading)} while the file is read in.{' '}
        {cached ? 'It is kept in this browser: it loads without the network.' : 'Once downloaded, it is kept in this browser for the next visit.'}
      </p>
      <p>
        <button type="button" className="primary" onClick={() => void model.download()} disabled={!ready || loading !== undefined}>
          {cached ? `Load ${chosen.name} from this browser` : `Download ${chosen.name} (${mb(chosen.approxBytes)})`}
        </button>
      </p>
      {loading && <LoadProgressBar progress={loading} tokenizing="copying the weights into the engine" onCancel={model.cancel} />}
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {loaded && (
        <p className="message info" data-testid="gpt2-loaded" role="status">
          <strong>{loaded.name}</strong> is ready: {loaded.parameters.toLocaleString('en')} parameters, {loaded.layers} blocks of {loaded.heads} heads,{' '}
          {mb(loaded.fileBytes)} {loaded.fromCache ? 'read from this browser’s cache' : 'downloaded'} and loaded in {loaded.seconds.toFixed(1)} s. SHA-256{' '}
          <code>{loaded.sha256.slice(0, 16)}…</code>
        </p>
      )}
      <details>
        <summary>Or open a GPT-2 of your own (config.json and model.safetensors)</summary>
        <div className="field-row">
          <div className="field">
            <label htmlFor="gpt2-config-file">config.json</label>
            <input
              id="gpt2-config-file"
              type="file"
              accept=".json,application/json"
              onChange={(e) => setFiles((f) => ({ ...f, config: e.target.files?.[0] }))}
            />
          </div>
          <div className="field">
            <label htmlFor="gpt2-weights-file">model.safetensors</label>
            <input id="gpt2-weights-file" type="file" accept=".safetensors" onChange={(e) => setFiles((f) => ({ ...f, weights: e.target.files?.[0] }))} />
          </div>
          <button
            type="button"
            disabled={!ready || !files.config || !files.weights || loading !== undefined}
            onClick={() => files.config && files.weights && void model.openFiles(files.config, files.weights)}
          >
            Open these files
          </button>
        </div>
      </details>
      <div className="field">
        <label htmlFor="gpt2-tiny-file">Or open the tiny GPT you trained in Lesson 9 (its exported JSON), to read it beside GPT-2</label>
        <input
          id="gpt2-tiny-file"
          type="file"
          accept=".json,application/json"
          disabled={!ready || loading !== undefined}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void model.openTinyGpt(file);
            e.target.value = '';
          }}
        />
      </div>
      <p>
        <button type="button" onClick={() => void model.openWikiTransformer()} disabled={!ready || loading !== undefined}>
          Open Project II's transformer (Lesson 12's ready-trained model, 4.6 million weights)
        </button>
      </p>
    </section>
  );
}
