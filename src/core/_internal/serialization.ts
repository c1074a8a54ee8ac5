// Lazy registration of serializable classes with tfjs, shared by the modules whose objects are
// saved with a model (initializers, regularizers, the optimizer bridge). Nothing may register at
// import time (the package is side-effect free), so each module registers on first use and also
// exports a register function for processes that load a model before making any such object.
import * as tf from '@tensorflow/tfjs-core';

/** A function that registers `classes` with tfjs's serialization registry the first time it runs. */
export function registerOnce(classes: readonly unknown[]): () => void {
  let done = false;
  return () => {
    if (done) return;
    for (const cls of classes) tf.serialization.registerClass(cls as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
    done = true;
  };
}
