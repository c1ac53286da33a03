/**
 * Cuts one exported declaration (with its doc comment) out of a module's source text, so that a lesson
 * shows the very code that runs rather than a copy that could drift.
 */
export function excerpt(source: string, name: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^export (async )?(function|const|interface|type) ${name}\\b`).test(line));
  if (start < 0) throw new Error(`no export named ${name} in the excerpted source`);
  let first = start;
  if (lines[start - 1]?.trim() === '*/') {
    while (first > 0 && !lines[first - 1].trim().startsWith('/**')) first--;
    first--;
  }
  let end = start;
  if (!/[;{]\s*$/.test(lines[start]) || lines[start].endsWith('{')) {
    while (end < lines.length && lines[end] !== '}' && lines[end] !== '];') end++;
  }
  return lines.slice(first, end + 1).join('\n');
}

/** A captioned excerpt of the lesson's own TypeScript. */
export function CodeExcerpt({ source, name, file }: { source: string; name: string; file: string }) {
  return (
    <figure className="code">
      <figcaption>
        <code>{file}</code>
      </figcaption>
      <pre role="region" tabIndex={0} aria-label={`Source of ${name} in ${file}`}>
        <code>{excerpt(source, name)}</code>
      </pre>
    </figure>
  );
}
