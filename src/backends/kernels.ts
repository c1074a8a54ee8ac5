/**
 * Kernels that training tfjs-layers models (dense, convolutional, depthwise, embedding, pooling,
 * batch-norm layers with the usual activations, losses and optimizers) needs on the active backend,
 * forward and backward. {@link backendInfo} reports which of them a backend lacks. Stock tfjs-wasm
 * 4.x lacks `Conv2DBackpropFilter`, the two depthwise backprops and `UnsortedSegmentSum`;
 * {@link installWasmKernels} (which `useBackend('wasm')` calls) adds them, leaving none missing.
 *
 * Names are tfjs-core's kernel names (`tf.Conv2DBackpropFilter === 'Conv2DBackpropFilter'`).
 */
export const TRAINING_KERNELS: readonly string[] = Object.freeze([
  // dense layers, elementwise math, reductions
  'BatchMatMul', '_FusedMatMul', 'Add', 'AddN', 'Sub', 'Multiply', 'RealDiv', 'Neg', 'Exp', 'Log',
  'Sqrt', 'Rsqrt', 'Square', 'SquaredDifference', 'Maximum', 'Minimum', 'Abs', 'Sign', 'Pow',
  'ClipByValue', 'Sum', 'Max', 'Mean', 'Prod', 'Cast', 'Transpose', 'Reshape', 'Tile', 'Fill',
  'Select', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'LogicalAnd', 'IsNan',
  'IsFinite', 'ZerosLike', 'OnesLike', 'Identity', 'Concat', 'Slice', 'StridedSlice', 'PadV2',
  // activations and losses
  'Relu', 'Relu6', 'LeakyRelu', 'Elu', 'EluGrad', 'Prelu', 'Sigmoid', 'Tanh', 'Softplus', 'Softmax',
  'OneHot', 'ArgMax',
  // embeddings (gather's gradient is a segment sum)
  'GatherV2', 'UnsortedSegmentSum',
  // convolutions and pooling
  'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'FusedConv2D', 'DepthwiseConv2dNative',
  'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'FusedDepthwiseConv2D',
  'MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad', 'FusedBatchNorm',
]);
