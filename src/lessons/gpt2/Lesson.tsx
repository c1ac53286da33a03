import './gpt2.css';
import { useTrainer } from '../../client/useTrainer';
import { useUrlState } from '../../client/useUrlState';
import engineSource from '../../kernels/assembly/decode.ts?raw';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import type { Gpt2Api } from './api';
import { ChatWidget } from './ChatWidget';
import { ModelWidget } from './ModelWidget';
import { GPT2_FIELDS } from './meta';
import { AttentionWidget, LensWidget, NextWidget, WriteWidget } from './ReadWidgets';
import { useGpt2Model } from './useGpt2Model';

export default function Gpt2Lesson() {
  const { trainer } = useTrainer<Gpt2Api>();
  const [state, setState] = useUrlState(GPT2_FIELDS);
  const model = useGpt2Model(trainer, state.model);
  const props = { trainer, loaded: model.loaded, state, setState };
  return (
    <article className="lesson">
      <p className="muted">Lesson 11 · the series' pretrained models: GPT-2, and DialoGPT (Project III)</p>
      <h1>A pretrained GPT-2 in the page</h1>
      <p className="lead">
        The tiny GPT of Lesson 9 learned Shakespeare's spelling in a few minutes. GPT-2 is the same machine, a stack of transformer blocks over tokens, with 124
        million parameters trained on 40 GB of web text. Here it runs in your browser, on this site's own engine, read with the tokenizer of Lesson 10.
      </p>
      <p>
        Everything below is code you have met. The text becomes GPT-2's tokens (Lesson 10). Each token is looked up in an embedding of 768 numbers, plus a
        learned embedding of its position; twelve blocks follow, each a LayerNorm, twelve heads of causal self-attention and an MLP (Lesson 8), and a final
        LayerNorm turns the last position into scores over all 50,257 tokens, through the same embedding table read backwards (the head is tied to it). Two
        details differ from Lesson 9: GPT-2 uses the tanh approximation of GELU, and its files store each layer's weight as [in, out] (a “Conv1D”), the
        transpose of PyTorch's Linear.
      </p>
      <ModelWidget model={model} state={state} setState={setState} ready={trainer !== undefined} />

      <h2>What comes next</h2>
      <p>
        A language model's whole output is one list of probabilities: for every token of its vocabulary, how likely it is to come next. Type a prompt and read
        the list. Note how much of it is the space that starts the next word (shown as ␣), and how a capital letter or a missing space changes the token.
      </p>
      <NextWidget {...props} />

      <h2>Writing</h2>
      <p>
        To write, pick a token from that list, add it to the text, and ask again. Greedy picking takes the most likely token every time and soon repeats itself;
        sampling draws from the list, sharpened or flattened by the temperature and cut to the top k tokens or to the smallest set holding probability p (the
        same choices as Lesson 6, over 50,257 tokens instead of 90 characters). Reading the whole text again for every new token would cost more and more:
        instead, each block keeps the keys and values of every token read so far (the “KV cache”), so a new token needs one pass through the weights. The engine
        reads each weight matrix once per token, row after row:
      </p>
      <CodeExcerpt source={engineSource} name="vecmat" file="src/kernels/assembly/decode.ts" />
      <WriteWidget {...props} />

      <h2>Inside: attention and the logit lens</h2>
      <p>
        The maps show, for any block and head, how much each token of the prompt reads each token before it. Some heads look at the previous token, some at the
        first, some at the token that matches. The logit lens (nostalgebraist, 2020) reads the residual stream after each block as if it were the last: through
        the final LayerNorm and the head. Early blocks mostly predict the input token again; the answer takes shape in the later blocks.
      </p>
      <AttentionWidget {...props} />
      <LensWidget {...props} />

      <h2>A conversation (the series' Project III)</h2>
      <p>
        DialoGPT (Zhang et al. 2020) is GPT-2 trained further on conversations from Reddit. It reads a conversation as its turns joined by{' '}
        <code>&lt;|endoftext|&gt;</code> and writes the next turn, ending it with the same token. The series' chat script asks for sampling at temperature 0.7
        and top-p 0.95, but its call to generate() never says to sample, so its replies are greedy; here the sampling is applied. The conversation stays in the
        model's cache between turns, so a reply reads only your new turn. Any GPT-2 can be talked to, but only DialoGPT was trained for it.
      </p>
      <ChatWidget trainer={trainer} loaded={model.loaded} state={state} />
      <p className="muted">
        GPT-2's weights are OpenAI's (modified MIT licence), DialoGPT's Microsoft's (MIT), both as Hugging Face serves them; this site downloads them only when
        you ask, and keeps them in your browser.
      </p>
    </article>
  );
}
