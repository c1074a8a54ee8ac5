// Convolution gradients that tfjs-backend-wasm 4.22 lacks: without them a CNN cannot train on
// wasm ("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"). Semantics follow the
// cpu backend's kernels (tfjs-backend-cpu/dist/kernels/Conv2DBackpropFilter.js and the depthwise
// ones), which are the reference the tests compare against: NHWC, any strides, 'same' / 'valid' /
// explicit padding, dilation 1 (tfjs-core's conv gradients refuse dilations > 1 before they get here).
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { outputFrom, runWasmKernel, unsupported, type WasmBackendLike } from './heap.js';

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Largest im2col block (float32 elements) built at once; bigger batches are split. */
const IM2COL_BLOCK = 1 << 22;

function checkAttrs(kernel: string, attrs: ConvAttrs, tensors: Record<string, TensorInfo>): void {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw unsupported(kernel, `dataFormat '${attrs.dataFormat}' is not supported; only 'NHWC' is.`);
  }
  const d = attrs.dilations ?? 1;
  const [dh, dw] = typeof d === 'number' ? [d, d] : d;
  if (dh !== 1 || dw !== 1) throw unsupported(kernel, `dilations must be 1; got ${JSON.stringify(d)}.`);
  for (const [name, t] of Object.entries(tensors)) {
    if (t.dtype !== 'float32') throw unsupported(kernel, `input "${name}" must be float32; got ${t.dtype}.`);
    if (t.shape.length !== 4) throw unsupported(kernel, `input "${name}" must be rank 4 (NHWC); got shape [${t.shape.join(', ')}].`);
  }
}

function convInfo(kernel: string, inShape: number[], filterShape: number[], attrs: ConvAttrs, depthwise: boolean, dy: TensorInfo): backend_util.Conv2DInfo {
  const info = backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
  // The loops index dy by the output geometry; a dy of another shape would read past its end.
  if (dy.shape.length !== 4 || info.outShape.some((d, i) => d !== dy.shape[i])) {
    throw unsupported(kernel, `dy has shape [${dy.shape.join(', ')}] but the convolution's output shape is [${info.outShape.join(', ')}].`);
  }
  return info;
}

/**
 * Conv2DBackpropFilter as im2col + one stock wasm matMul per block of images:
 * dW[K, Co] = colsᵀ[K, N] · dy[N, Co] with K = kh·kw·ci and N = images·outH·outW, so the
 * multiply-adds run in XNNPACK and only the gather runs in JS. The block's partial products are
 * summed in float64.
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const kernel = 'Conv2DBackpropFilter';
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  checkAttrs(kernel, a, { x, dy });
  const wasm = backend as unknown as WasmBackendLike;
  const info = convInfo(kernel, x.shape, a.filterShape, a, false, dy);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const k = filterHeight * filterWidth * inChannels;
  const perImage = outHeight * outWidth;
  const imagesPerBlock = Math.max(1, Math.floor(IM2COL_BLOCK / Math.max(1, k * perImage)));
  const acc = new Float64Array(k * outChannels);
  for (let b0 = 0; b0 < batchSize; b0 += imagesPerBlock) {
    const b1 = Math.min(batchSize, b0 + imagesPerBlock);
    const n = (b1 - b0) * perImage;
    const cols = wasm.makeOutput([1, k, n], 'float32');
    const temporaries: TensorInfo[] = [cols];
    try {
      // Views after the allocation: malloc may have grown (and detached) the heap.
      const colsV = wasm.typedArrayFromHeap(cols);
      const xV = wasm.typedArrayFromHeap(x);
      for (let kh = 0; kh < filterHeight; kh++) {
        for (let kw = 0; kw < filterWidth; kw++) {
          for (let ci = 0; ci < inChannels; ci++) {
            const row = ((kh * filterWidth + kw) * inChannels + ci) * n;
            let col = 0;
            for (let b = b0; b < b1; b++) {
              for (let oh = 0; oh < outHeight; oh++) {
                const ih = oh * strideHeight + kh - top;
                const inside = ih >= 0 && ih < inHeight;
                const base = (b * inHeight + ih) * inWidth;
                for (let ow = 0; ow < outWidth; ow++, col++) {
                  const iw = ow * strideWidth + kw - left;
                  colsV[row + col] = inside && iw >= 0 && iw < inWidth ? xV[(base + iw) * inChannels + ci]! : 0;
                }
              }
            }
          }
        }
      }
      let dyBlock: TensorInfo;
      if (b0 === 0 && b1 === batchSize) {
        dyBlock = { dataId: dy.dataId, shape: [1, n, outChannels], dtype: 'float32' };
      } else {
        dyBlock = wasm.makeOutput([1, n, outChannels], 'float32');
        temporaries.push(dyBlock);
        const src = wasm.typedArrayFromHeap(dy);
        wasm.typedArrayFromHeap(dyBlock).set(src.subarray(b0 * perImage * outChannels, b1 * perImage * outChannels));
      }
      const partial = runWasmKernel('BatchMatMul', { a: cols, b: dyBlock }, wasm, { transposeA: false, transposeB: false });
      temporaries.push(partial);
      const p = wasm.typedArrayFromHeap(partial);
      for (let i = 0; i < acc.length; i++) acc[i]! += p[i]!;
    } finally {
      for (const t of temporaries) wasm.disposeData(t.dataId);
    }
  }
  return outputFrom(wasm, [...a.filterShape], acc);
};

/** Depthwise filter gradient: dW[kh, kw, c, m] = Σ x[b, ih, iw, c] · dy[b, oh, ow, c·M + m]. */
const depthwiseBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const kernel = 'DepthwiseConv2dNativeBackpropFilter';
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  checkAttrs(kernel, a, { x, dy });
  const wasm = backend as unknown as WasmBackendLike;
  const info = convInfo(kernel, x.shape, a.filterShape, a, true, dy);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const mult = outChannels / inChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const xV = wasm.typedArrayFromHeap(x);
  const dyV = wasm.typedArrayFromHeap(dy);
  const acc = new Float64Array(filterHeight * filterWidth * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            // Filter layout [kh, kw, c, m] flattens to the same index as dy's channel c·M + m.
            const wBase = (kh * filterWidth + kw) * outChannels;
            for (let c = 0; c < inChannels; c++) {
              const xv = xV[xBase + c]!;
              for (let m = 0; m < mult; m++) acc[wBase + c * mult + m]! += xv * dyV[dyBase + c * mult + m]!;
            }
          }
        }
      }
    }
  }
  return outputFrom(wasm, [...a.filterShape], acc);
};

/** Depthwise input gradient: dx[b, ih, iw, c] = Σ dy[b, oh, ow, c·M + m] · w[kh, kw, c, m]. */
const depthwiseBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const kernel = 'DepthwiseConv2dNativeBackpropInput';
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
  checkAttrs(kernel, a, { dy, filter });
  const wasm = backend as unknown as WasmBackendLike;
  const info = convInfo(kernel, a.inputShape, filter.shape, a, true, dy);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const mult = outChannels / inChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dyV = wasm.typedArrayFromHeap(dy);
  const wV = wasm.typedArrayFromHeap(filter);
  const acc = new Float64Array(batchSize * inHeight * inWidth * inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (kh * filterWidth + kw) * outChannels;
            for (let c = 0; c < inChannels; c++) {
              let s = 0;
              for (let m = 0; m < mult; m++) s += dyV[dyBase + c * mult + m]! * wV[wBase + c * mult + m]!;
              acc[xBase + c]! += s;
            }
          }
        }
      }
    }
  }
  return outputFrom(wasm, [...a.inputShape], acc);
};

/** Kernel configs for the convolution gradients tfjs-backend-wasm lacks. */
export const CONV_BACKPROP_KERNELS: readonly KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc: depthwiseBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc: depthwiseBackpropInput },
];
