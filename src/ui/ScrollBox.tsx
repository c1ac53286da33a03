// A box that scrolls sideways when its content (a table, a map) is wider than the page: while it does, it can be
// focused and scrolled with the arrow keys, and is a named region for screen readers (WCAG's keyboard access to a
// scrollable region); while it does not, it is a plain box and no tab stop.

import { type ReactNode, useEffect, useRef, useState } from 'react';

export function ScrollBox({ label, children, className = 'table-scroll' }: { label: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className={className} {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': `${label} (scrolls sideways)` } : {})}>
      {children}
    </div>
  );
}
