// The backend's "Why" names the renderer as a reader would, not as the driver spells it.
import { describe, expect, it } from 'vitest';
import { plainRenderer } from '../../src/train/backend';

describe('plainRenderer', () => {
  it('names the GPU, and says what SwiftShader is', () => {
    expect(plainRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe('NVIDIA GeForce RTX 3060');
    expect(plainRenderer('ANGLE (Intel, Intel(R) UHD Graphics 620 (0x00005917) Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe('Intel(R) UHD Graphics 620');
    expect(plainRenderer('ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)')).toBe('Apple M2');
    expect(plainRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(
      'SwiftShader, Chrome’s software renderer',
    );
    expect(plainRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('a software renderer');
    expect(plainRenderer('no WebGL context')).toBe('no WebGL context');
  });
});
