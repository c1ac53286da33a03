// Kernels of our own, compiled to WebAssembly with SIMD by AssemblyScript (npm run kernels): the products, the
// LSTM cell and the GPT's layers that tfjs runs as many small ops. Every pointer is a byte offset into this
// module's memory, every matrix row-major float32; the callers (src/kernels/kernels.ts, gpt/layout.ts) lay
// the buffers out.

export { adamw, sumSquares } from './adamw';
export { attendBlock, attentionBackward, attentionForward, attentionScratch, blockScratch } from './attention';
export { attendCached, geluTanh, matmulNT, vecmat } from './decode';
export {
  embed,
  embedBackward,
  gelu,
  geluBackward,
  layerNorm,
  layerNormBackward,
  relu,
  reluBackward,
} from './gpt';
export { matmul, matmulTN, matmulTNRows, transpose } from './matmul';
export {
  attentionBackwardShared,
  attentionForwardShared,
  CONTROL_BYTES,
  serve,
  stopServing,
} from './parallel';
export { lstmCell, lstmCellBackward, tanhBackward, tanhInto } from './recurrent';
export {
  add,
  addRows,
  gatherRows,
  meanRows,
  meanSoftmaxCrossEntropy,
  narrowDivided,
  scale,
  scatterAddRows,
  softmaxCrossEntropy,
  spreadRows,
  sumRows,
} from './rows';
export {
  adamwShared,
  addRowsResidualShared,
  addRowsShared,
  addShared,
  geluBackwardShared,
  geluShared,
  layerNormBackwardShared,
  layerNormPartials,
  layerNormShared,
  lstmRecurrenceShared,
  meanSoftmaxShared,
  reluBackwardShared,
  reluShared,
  softmaxCrossEntropyShared,
  spreadWideShared,
} from './shared';
export { matmulNTBiasShared, matmulNTShared, matmulShared, matmulTNShared } from './sharedProducts';
export { scratchEnd } from './tile';
