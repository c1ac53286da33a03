import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/** A formula typeset by KaTeX; `display` puts it on a line of its own. The source is ours, never the reader's. */
export function Tex({ children, display = false }: { children: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(children, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' }), [children, display]);
  // KaTeX's own markup of formulas written in this code (trust off), never the reader's text.
  return display ? (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's markup of our own formulas
    <div className="tex-display" dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's markup of our own formulas
    <span dangerouslySetInnerHTML={{ __html: html }} />
  );
}
