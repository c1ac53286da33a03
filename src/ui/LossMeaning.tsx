// What a cross-entropy loss means, said beside it: nats, and the perplexity a reader can picture (a fair choice
// among so many symbols), with the uniform guess for scale.

export function perplexity(loss: number): number {
  return Math.exp(loss);
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));

/**
 * One sentence under a language model's chart: the loss in nats is -ln of the probability the model gave the
 * right `unit`; e^loss, the perplexity, is how many equally likely choices that uncertainty is worth.
 */
export function LossMeaning({ loss, unit, vocab, testId }: { loss?: number; unit: string; vocab?: number; testId?: string }) {
  return (
    <p className="muted" data-testid={testId}>
      The loss is in nats: minus the natural logarithm of the probability the model gave the right {unit}, averaged. Its exponential, the perplexity, reads as a
      fair choice among so many {unit}s
      {vocab
        ? `: a guess spread evenly over all ${vocab.toLocaleString('en')} scores ${Math.log(vocab).toFixed(2)} nats, perplexity ${vocab.toLocaleString('en')}`
        : ''}
      ; a loss of 2.0 is a choice among {fmt(perplexity(2))}, 1.3 among {fmt(perplexity(1.3))}.
      {loss !== undefined && Number.isFinite(loss) && (
        <>
          {' '}
          This model now: <strong>{loss.toFixed(3)}</strong> nats, as unsure as a choice among <strong>{fmt(perplexity(loss))}</strong> {unit}s.
        </>
      )}
    </p>
  );
}
