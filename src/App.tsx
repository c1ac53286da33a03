import { Component, lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { errorText } from './client/errors';
import { FOREIGN_CHECKPOINT, type ForeignOffer, LessonSlug, WORKER_TROUBLE } from './client/useTrainer';
import { useRoute } from './client/useUrlState';
import { LESSONS, type LessonEntry, NOTEBOOKS_URL, notebookUrl, SERIES_URL, seriesPartUrl } from './lessons';

/** Each lesson's page, loaded when the reader opens it. */
const PAGES: Record<string, ReturnType<typeof lazy>> = Object.fromEntries(LESSONS.flatMap((l) => (l.page ? [[l.slug, lazy(l.page)]] : [])));

/** Shows a message instead of a blank page when a lesson fails to render. */
class LessonErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="message error" role="alert">
          <p>This lesson failed to display: {this.state.error.message}</p>
          <p>
            Reloading the page usually helps; your trained models are kept. <a href="#/">Back to the lessons</a>
          </p>
        </div>
      );
    }
    return this.props.children;
  }
}

function LessonList({ current }: { current?: string }) {
  return (
    <ol className="lesson-list">
      {LESSONS.map((lesson) => (
        <li key={lesson.slug} className={lesson.ready ? 'ready' : 'planned'}>
          {lesson.ready ? (
            <a href={`#/${lesson.slug}`} aria-current={current === lesson.slug ? 'page' : undefined}>
              <span className="lesson-number">{lesson.number}</span> {lesson.title}
            </a>
          ) : (
            <span>
              <span className="lesson-number">{lesson.number}</span> {lesson.title} <span className="soon">coming next</span>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function Home() {
  return (
    <article className="home">
      <h1>Learn how language models work by training them</h1>
      <p className="lead">
        Each lesson explains one idea behind today's language models and lets you train it, live, in this page: tokens and vocabularies, word vectors, recurrent
        networks and LSTMs that write text, then attention, the transformer block and a small GPT. Nothing to install; the models train in your browser, on your
        GPU when it has one.
      </p>
      <h2>Lessons</h2>
      <ol className="lesson-cards">
        {LESSONS.map((lesson) => (
          <li key={lesson.slug} className={lesson.ready ? 'card ready' : 'card planned'}>
            <h3>{lesson.ready ? <a href={`#/${lesson.slug}`}>{`${lesson.number}. ${lesson.title}`}</a> : `${lesson.number}. ${lesson.title}`}</h3>
            <p>{lesson.summary}</p>
            <p className="muted">
              {lesson.part}
              {lesson.ready ? '' : ' · coming next'}
            </p>
          </li>
        ))}
      </ol>
    </article>
  );
}

/** Under every lesson: where it comes from in the series, and the way to the lessons before and after it. */
function LessonFooter({ lesson }: { lesson: LessonEntry }) {
  const ready = LESSONS.filter((l) => l.ready);
  const at = ready.findIndex((l) => l.slug === lesson.slug);
  const previous = ready[at - 1];
  const next = ready[at + 1];
  return (
    <footer className="lesson-footer">
      <p className="muted">
        {lesson.part === 'Beyond part IV' ? 'This lesson carries the series ' : `This lesson follows ${lesson.part} of the series `}
        <a href={SERIES_URL}>“Mastering large language models”</a>
        {lesson.part === 'Beyond part IV' ? ' past its part IV' : ''}
        {lesson.part !== 'Beyond part IV' && (
          <>
            {' '}
            (<a href={seriesPartUrl(lesson.part)}>find {lesson.part} on the blog</a>)
          </>
        )}
        {lesson.notebooks?.length ? (
          <>
            {lesson.part === 'Beyond part IV' ? ', following its notebook' : ' and its notebook'}
            {lesson.notebooks.length > 1 ? 's ' : ' '}
            {lesson.notebooks.map((path, i) => (
              <span key={path}>
                {i > 0 ? (i === lesson.notebooks!.length - 1 ? ' and ' : ', ') : ''}
                <a href={notebookUrl(path)}>{path}</a>
              </span>
            ))}
          </>
        ) : null}
        .
      </p>
      <nav className="prev-next" aria-label="Previous and next lesson">
        {previous ? (
          <a href={`#/${previous.slug}`} rel="prev">
            ← {previous.number}. {previous.title}
          </a>
        ) : (
          <a href="#/">← All lessons</a>
        )}
        {next ? (
          <a href={`#/${next.slug}`} rel="next">
            {next.number}. {next.title} →
          </a>
        ) : (
          <a href="#/">All lessons →</a>
        )}
      </nav>
    </footer>
  );
}

function NotFound({ route }: { route: string }) {
  const planned = LESSONS.find((l) => l.slug === route);
  return (
    <article>
      <h1>{planned ? planned.title : 'No such page'}</h1>
      <p>{planned ? 'This lesson is coming next; it is not written yet.' : `There is no page at “${route}”.`}</p>
      <p>
        <a href="#/">Back to the lessons</a>
      </p>
    </article>
  );
}

/** What went wrong with the training worker (it crashed, hung or could not start), until the reader closes it or leaves the page. */
function WorkerTrouble({ route }: { route: string }) {
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    const show = (event: Event) => setMessage((event as CustomEvent<string>).detail);
    window.addEventListener(WORKER_TROUBLE, show);
    return () => window.removeEventListener(WORKER_TROUBLE, show);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page starts without the old page's message
  useEffect(() => setMessage(undefined), [route]);
  if (!message) return null;
  return (
    <div className="message error worker-trouble" role="alert" data-testid="worker-trouble">
      {message}{' '}
      <button type="button" className="link-button" onClick={() => setMessage(undefined)}>
        Close
      </button>
    </div>
  );
}

/** A model another tab (or an earlier visit) saved for this lesson: restoring it is the reader's choice. */
function ForeignCheckpoint({ route }: { route: string }) {
  const [offer, setOffer] = useState<ForeignOffer>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const show = (event: Event) => setOffer((event as CustomEvent<ForeignOffer>).detail);
    window.addEventListener(FOREIGN_CHECKPOINT, show);
    return () => window.removeEventListener(FOREIGN_CHECKPOINT, show);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page starts without the old page's offer
  useEffect(() => setOffer(undefined), [route]);
  if (!offer) return null;
  return (
    <div className="message info" role="status" data-testid="foreign-checkpoint">
      {offer.message}{' '}
      <button
        type="button"
        onClick={() =>
          offer.restore().then(
            () => setOffer(undefined),
            (e) => setError(errorText(e)),
          )
        }
      >
        Restore it
      </button>{' '}
      <button type="button" className="link-button" onClick={() => setOffer(undefined)}>
        Not now
      </button>
      {error && <span className="message error">{error}</span>}
    </div>
  );
}

export function App() {
  const route = useRoute();
  const Page = PAGES[route];
  const lesson = LESSONS.find((l) => l.slug === route);
  useEffect(() => {
    document.title = lesson ? `${lesson.title} · Tensor Tutor` : 'Tensor Tutor';
    window.scrollTo(0, 0);
  }, [lesson]);
  return (
    <div className="shell">
      {/* biome-ignore lint/a11y/useValidAnchor: with hash routes, following #main would leave the lesson; the click moves focus instead */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to the lesson
      </a>
      <header className="site-header">
        <a className="brand" href="#/">
          Tensor Tutor
        </a>
        <span className="tagline">language models, trained in your browser</span>
      </header>
      <div className="layout">
        <nav className="sidebar" aria-label="Lessons">
          <LessonList current={route} />
        </nav>
        <main id="main" tabIndex={-1}>
          <WorkerTrouble route={route} />
          <ForeignCheckpoint route={route} />
          {route === '' ? (
            <Home />
          ) : Page ? (
            <LessonErrorBoundary key={route}>
              <LessonSlug.Provider value={route}>
                <Suspense fallback={<p role="status">Loading the lesson…</p>}>
                  <Page />
                </Suspense>
              </LessonSlug.Provider>
              {lesson && <LessonFooter lesson={lesson} />}
            </LessonErrorBoundary>
          ) : (
            <NotFound route={route} />
          )}
        </main>
      </div>
      <footer className="site-footer">
        <p>
          The lessons follow the blog series <a href={SERIES_URL}>“Mastering large language models”</a> (leftasexercise.com) and its{' '}
          <a href={NOTEBOOKS_URL}>companion notebooks</a> (MIT licence): its facts, numbers and structure; the text and code here are our own.
        </p>
      </footer>
    </div>
  );
}
