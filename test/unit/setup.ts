import * as tf from '@tensorflow/tfjs';

// Unit tests run tfjs in Node on its CPU backend (DESIGN.md).
await tf.setBackend('cpu');
await tf.ready();
