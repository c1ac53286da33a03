// Reading Hugging Face's safetensors files: an 8-byte little-endian header length, a JSON header naming each
// tensor's dtype, shape and byte range, then the bytes. Lesson 11 reads GPT-2's this way.

import { DataError } from '../lib/errors';
import { fromHalf } from '../lib/float16';

export interface TensorInfo {
  dtype: string;
  shape: number[];
  /** Byte range within the data that follows the header. */
  begin: number;
  end: number;
}

export interface SafeTensors {
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string>;
  /** Where the data starts in the file. */
  dataStart: number;
  buffer: ArrayBuffer;
}

const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

/** The header of a safetensors file, checked: every tensor's bytes lie within the file and match its shape. */
export function readSafeTensors(buffer: ArrayBuffer, name = 'The model file'): SafeTensors {
  if (buffer.byteLength < 8) throw new DataError(`${name} is too short to be a safetensors file.`);
  const headerBytes = Number(new DataView(buffer).getBigUint64(0, true));
  if (headerBytes <= 0 || 8 + headerBytes > buffer.byteLength) throw new DataError(`${name} is not a safetensors file (its header length is out of range).`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerBytes)));
  } catch {
    throw new DataError(`${name} is not a safetensors file (its header is not JSON).`);
  }
  const dataStart = 8 + headerBytes;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(header)) {
    if (key === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = value as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const size = shape.reduce((a, b) => a * b, 1);
    const width = BYTES[dtype];
    if (width !== undefined && (offsets[1] - offsets[0] !== size * width || dataStart + offsets[1] > buffer.byteLength))
      throw new DataError(`${name} is damaged: the tensor ${key} does not fit its place in the file.`);
    tensors.set(key, { dtype, shape, begin: offsets[0], end: offsets[1] });
  }
  return { tensors, metadata, dataStart, buffer };
}

/** A tensor's values as float32, written into `into` (F32, F16 and BF16). */
export function readFloats(file: SafeTensors, key: string, into: Float32Array): void {
  const info = file.tensors.get(key);
  if (!info) throw new DataError(`The model file has no tensor ${key}.`);
  const start = file.dataStart + info.begin;
  const count = (info.end - info.begin) / (BYTES[info.dtype] ?? 1);
  if (count !== into.length) throw new DataError(`The tensor ${key} holds ${count} values where ${into.length} were expected.`);
  if (info.dtype === 'F32') {
    // The data may start at any byte: copy through bytes when it is not 4-aligned.
    if (start % 4 === 0) into.set(new Float32Array(file.buffer, start, count));
    else new Uint8Array(into.buffer, into.byteOffset, count * 4).set(new Uint8Array(file.buffer, start, count * 4));
  } else if (info.dtype === 'F16') {
    const bytes = new Uint8Array(file.buffer, start, count * 2);
    for (let i = 0; i < count; i++) into[i] = fromHalf(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  } else if (info.dtype === 'BF16') {
    const bits = new Uint32Array(into.buffer, into.byteOffset, count);
    const bytes = new Uint8Array(file.buffer, start, count * 2);
    for (let i = 0; i < count; i++) bits[i] = (bytes[2 * i] | (bytes[2 * i + 1] << 8)) << 16;
  } else throw new DataError(`The tensor ${key} is stored as ${info.dtype}; this page reads F32, F16 and BF16.`);
}
