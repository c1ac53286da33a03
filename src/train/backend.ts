// Picks the tfjs backend for the worker by what the machine really has: WebGL on a real GPU, WASM (SIMD,
// threads where the page is cross-origin isolated) when WebGL is missing or drawn in software, CPU last.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, BackendInfo, BackendName } from './types';

/** What the WebGL probe found: no WebGL at all, or a renderer and whether it draws in software. */
export interface WebglProbe {
  available: boolean;
  renderer: string;
  software: boolean;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

/** Opens a throwaway WebGL context and reads the renderer's name (unmasked where the browser allows). */
export function probeWebgl(): WebglProbe {
  try {
    if (typeof OffscreenCanvas === 'undefined') return { available: false, renderer: 'no OffscreenCanvas', software: false };
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { available: false, renderer: 'no WebGL context', software: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer, software: SOFTWARE_RENDERER.test(renderer) };
  } catch (error) {
    return { available: false, renderer: String(error), software: false };
  }
}

let wasmConfigured = false;

/** Points the WASM backend at the binaries the site ships, by absolute URL (required inside a worker). */
function configureWasm(): void {
  if (wasmConfigured) return;
  const absolute = (url: string) => new URL(url, self.location.href).href;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': absolute(wasmPlainUrl),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimdUrl),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreadedUrl),
  });
  setThreadsCount(Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8)));
  wasmConfigured = true;
}

/** Switches tfjs to `name`; false when it does not start. */
export async function startBackend(name: BackendName): Promise<boolean> {
  if (name === 'wasm') configureWasm();
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * A WebGL renderer's name as a reader would say it: "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0
 * ps_5_0, D3D11)" is "NVIDIA GeForce RTX 3060"; any SwiftShader is "SwiftShader, Chrome's software renderer".
 */
export function plainRenderer(renderer: string): string {
  if (/swiftshader/i.test(renderer)) return 'SwiftShader, Chrome’s software renderer';
  if (/llvmpipe|software/i.test(renderer)) return 'a software renderer';
  const angle = /^ANGLE \((.*)\)$/.exec(renderer.trim());
  const parts = angle ? angle[1].split(', ') : [renderer.trim()];
  const device = (parts.length > 1 ? parts[1] : parts[0])
    .replace(/^ANGLE Metal Renderer: /, '')
    .replace(/\s+(Direct3D\d*|OpenGL|Vulkan)\b.*$/i, '')
    .replace(/\s*\(0x[0-9a-f]+\)/gi, '')
    .trim();
  return device || renderer;
}

/** Describes the backend now in use. */
export async function describeBackend(name: BackendName, reason: string, probe: WebglProbe): Promise<BackendInfo> {
  const info: BackendInfo = {
    name,
    reason,
    renderer: probe.renderer,
    softwareWebgl: probe.software,
    webglAvailable: probe.available,
    crossOriginIsolated: self.crossOriginIsolated === true,
    simd: false,
    threads: 1,
  };
  if (name === 'wasm') {
    info.simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
    const threaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
    info.threads = threaded ? Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8)) : 1;
  }
  return info;
}

/**
 * Sets the backend: `auto` picks WebGL on a hardware renderer, else WASM, else CPU; a named backend is
 * used if it starts, and otherwise the automatic choice. Returns what runs and why.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendInfo> {
  const probe = probeWebgl();
  if (choice !== 'auto') {
    if (choice === 'webgl' && !probe.available) {
      const fallback = await selectBackend('auto');
      return { ...fallback, reason: `WebGL was asked for but is not available (${plainRenderer(probe.renderer)}); ${fallback.reason}` };
    }
    if (await startBackend(choice)) {
      const why = choice === 'webgl' && probe.software ? ` (its renderer, ${plainRenderer(probe.renderer)}, draws in software: expect it to be slow)` : '';
      return describeBackend(choice, `chosen by you${why}`, probe);
    }
    const fallback = await selectBackend('auto');
    return { ...fallback, reason: `${choice} did not start; ${fallback.reason}` };
  }
  if (probe.available && !probe.software && (await startBackend('webgl'))) {
    return describeBackend('webgl', `WebGL runs on a hardware GPU (${plainRenderer(probe.renderer)})`, probe);
  }
  const whyNotWebgl = probe.available
    ? `WebGL draws in software here (${plainRenderer(probe.renderer)}), so WASM is faster`
    : `WebGL is not available (${plainRenderer(probe.renderer)})`;
  if (await startBackend('wasm')) return describeBackend('wasm', whyNotWebgl, probe);
  await startBackend('cpu');
  return describeBackend('cpu', `${whyNotWebgl}, and WASM did not start: plain JavaScript is the last resort`, probe);
}

/** Whether this browser offers WebGPU here: an adapter, hardware or not (tfjs's WebGPU backend needs one). */
export async function probeWebgpu(): Promise<boolean> {
  try {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu !== undefined && (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/**
 * The backends worth timing a model on here, `current` (the automatic choice) first: WASM, where our kernels run,
 * WebGL wherever it opens, even drawn in software (a model of many small ops may still lose there, but the timing
 * says so), and WebGPU where the browser offers it. Plain JavaScript never wins and is left out.
 */
export function racedBackends(current: BackendName, probe: WebglProbe, webgpu: boolean): BackendName[] {
  const others: BackendName[] = ['wasm', ...(probe.available ? (['webgl'] as const) : []), ...(webgpu ? (['webgpu'] as const) : [])];
  return [current, ...others.filter((name) => name !== current)];
}

/** The WebGL context tfjs draws with, when the WebGL backend runs. */
function webglContext(): WebGLRenderingContext | undefined {
  if (tf.getBackend() !== 'webgl') return undefined;
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
}

const watched = new WeakSet<object>();

/** Calls `onLost` once if the WebGL backend's context is lost (a GPU reset, the browser reclaiming it); once a context. */
export function watchWebglContext(onLost: () => void): void {
  const canvas = webglContext()?.canvas as OffscreenCanvas | HTMLCanvasElement | undefined;
  if (!canvas || watched.has(canvas)) return;
  watched.add(canvas);
  canvas.addEventListener('webglcontextlost', () => onLost(), { once: true });
}

/** Loses the WebGL context on purpose, as a GPU reset would (for tests); false when WebGL does not run. */
export function loseWebglContext(): boolean {
  const extension = webglContext()?.getExtension('WEBGL_lose_context');
  extension?.loseContext();
  return extension !== undefined && extension !== null;
}
