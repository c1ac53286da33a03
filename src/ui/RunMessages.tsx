/** What a training run has to say: a note (a model restored, say) and an error, announced to screen readers. */
export function RunMessages({ note, error }: { note?: string; error?: string }) {
  return (
    <>
      {note && <p className="message info">{note}</p>}
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
