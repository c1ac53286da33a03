// Float32 arrays stored as IEEE 754 half precision (float16) in base64: half the bytes, enough precision for
// reading and writing with a trained model (about 3 significant digits), for the ready-trained models.

/** The float16 bits of `x` (round to nearest even; overflow to infinity, underflow through subnormals to zero). */
export function toHalf(x: number): number {
  const f32 = new Float32Array([x]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // infinity, NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // A subnormal: a whole number of 2^-24, rounded half to even (1024 of them is the smallest normal, bits 0x400).
    const units = Math.abs(f32[0]) / 2 ** -24;
    const floor = Math.floor(units);
    const rounded = units - floor > 0.5 || (units - floor === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
    return sign | rounded;
  }
  const rounded = (e << 10) | (mantissa >>> 13);
  const dropped = mantissa & 0x1fff;
  return sign | (rounded + (dropped > 0x1000 || (dropped === 0x1000 && rounded & 1) ? 1 : 0));
}

/** The number whose float16 bits are `h`. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

const toBase64 = (bytes: Uint8Array): string => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};

/** `values` as float16, little-endian, in base64. */
export function encodeHalf(values: Float32Array): string {
  const halves = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) halves[i] = toHalf(values[i]);
  return toBase64(new Uint8Array(halves.buffer));
}

/**
 * A matrix [rows, cols] as 8-bit integers, each row scaled by its largest magnitude / 127 (the scales in float16):
 * a quarter of float32's bytes, for ready-trained embeddings whose cosines need about two digits.
 */
export function encodeInt8Rows(values: Float32Array, cols: number): { values: string; scales: string } {
  const rows = values.length / cols;
  const q = new Int8Array(values.length);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(values[r * cols + c]));
    const scale = fromHalf(toHalf(max / 127)); // the scale as it will be read back
    scales[r] = scale;
    for (let c = 0; c < cols; c++) q[r * cols + c] = scale > 0 ? Math.max(-127, Math.min(127, Math.round(values[r * cols + c] / scale))) : 0;
  }
  return { values: toBase64(new Uint8Array(q.buffer)), scales: encodeHalf(scales) };
}

/** The float32 matrix of encodeInt8Rows's output. */
export function decodeInt8Rows(encoded: { values: string; scales: string }, cols: number): Float32Array {
  const binary = atob(encoded.values);
  const q = new Int8Array(Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer);
  const scales = decodeHalf(encoded.scales);
  return Float32Array.from(q, (v, i) => v * scales[Math.floor(i / cols)]);
}

/** The float32 values of base64 float16 data `text`. */
export function decodeHalf(text: string): Float32Array {
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const halves = new Uint16Array(bytes.buffer, 0, bytes.length >> 1);
  return Float32Array.from(halves, fromHalf);
}
