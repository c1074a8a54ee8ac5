// Scratch memory for isotonic fits, reused from one fit to the next.
//
// A fit of 10⁶ rows needs 32 MB of working arrays (x and y, twice, for the radix sort). Allocated
// fresh, each call pays for zeroing them and, often, for page faults and an early garbage
// collection; repeated fits of the same size are real usage (cross-validation folds, one
// calibrator per class). The buffer is held through a WeakRef, so the memory is not pinned: the
// collector may take it back once a job that used it has ended, and the next fit allocates again.
// Nothing returned to callers is ever a view of it.

let held: WeakRef<ArrayBuffer> | undefined;

/**
 * An ArrayBuffer of at least `bytes` bytes with meaningless contents, shared by every caller: use
 * it only within one synchronous call and never hand out a view of it.
 */
export function scratchBuffer(bytes: number): ArrayBuffer {
  let buffer = held?.deref();
  if (buffer === undefined || buffer.byteLength < bytes) {
    buffer = new ArrayBuffer(bytes);
    held = new WeakRef(buffer);
  }
  return buffer;
}
