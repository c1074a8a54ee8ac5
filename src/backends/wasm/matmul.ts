// Flagged matMuls on wasm. tfjs-backend-wasm 4.22 hands BatchMatMul / _FusedMatMul with
// transposeA or transposeB to a slow generic path in its C++ (XNNPACK only takes the plain
// layout): 128×256 by 256×256 runs in ~0.9 ms plain and 22–32 ms flagged here. Transposing the
// flagged operand with the backend's own Transpose kernel and running the stock kernel unflagged
// computes the same products in ~1 ms. Every dense layer's backward pass hits this.
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { runConfig, runWasmKernel, type WasmBackendLike } from './heap.js';

/** Swap the last two axes of a tensor with the wasm Transpose kernel (a new heap tensor). */
function transposeInner(x: TensorInfo, backend: WasmBackendLike): TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return runWasmKernel('Transpose', { x }, backend, { perm });
}

/**
 * A kernel function that runs `original` (the stock BatchMatMul or _FusedMatMul config, kept
 * before it was unregistered) with its transpose flags cleared, transposing the flagged operands
 * first. Unflagged calls and non-float32 inputs go straight to the stock kernel, so its checks
 * and error messages are unchanged.
 */
export function unflaggedMatMul(original: KernelConfig): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const wasm = backend as unknown as WasmBackendLike;
    const flagged = transposeA === true || transposeB === true;
    if (!flagged || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) {
      return runConfig(original, inputs, wasm, attrs ?? {});
    }
    const temporaries: TensorInfo[] = [];
    try {
      const newA = transposeA === true ? transposeInner(a, wasm) : a;
      if (newA !== a) temporaries.push(newA);
      const newB = transposeB === true ? transposeInner(b, wasm) : b;
      if (newB !== b) temporaries.push(newB);
      const newInputs: NamedTensorInfoMap = { ...inputs, a: newA, b: newB };
      const newAttrs: NamedAttrMap = { ...attrs, transposeA: false, transposeB: false };
      return runConfig(original, newInputs, wasm, newAttrs);
    } finally {
      for (const t of temporaries) wasm.disposeData(t.dataId);
    }
  };
}
