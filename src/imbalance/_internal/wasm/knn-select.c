// Candidate selection for whetstone's exact k-nearest-neighbour search (src/imbalance/_internal/knn.ts).
//
// The tfjs backend computes blocks of approximate squared distances D (float32); this module
// keeps, for every point, the `c` smallest values seen so far and their indices. Nearly every
// value is rejected by one comparison with the point's current worst, which WebAssembly SIMD does
// four at a time; the rare survivors go through a scalar insertion. JavaScript does the same
// comparisons at about 2 ns a value on the development machine, which for 5000 × 5000 distances
// cost more than the matrix product itself.
//
// Built by scripts/build-wasm.sh (clang 14, -O3 -msimd128); knn-select-wasm.ts holds the bytes.
// Memory is laid out and grown by the caller; every pointer argument is a byte offset.
#include <wasm_simd128.h>

typedef struct {
  int *ids;     // n * stride candidate indices
  float *dist;  // n * stride candidate values; slots past c hold -inf
  float *worst; // n: largest kept value once the list is full, +inf while it fills
  int *at;      // n: slot of `worst` once full, else the number of slots filled
  int c;        // slots in use per list
  int stride;   // c rounded up to a multiple of 4
} Lists;

// Keep (j, v) in list r (the caller checked v < worst[r]), evicting its worst entry. The new
// worst is found four slots at a time: a scalar scan of the slots mispredicted its branches on
// most insertions and cost about three times as much.
static void insert(const Lists *L, int r, int j, float v) {
  int *ids = L->ids + r * L->stride;
  float *dist = L->dist + r * L->stride;
  const int slot = L->at[r];
  ids[slot] = j;
  dist[slot] = v;
  if (L->worst[r] == __builtin_inff() && slot + 1 < L->c) {
    L->at[r] = slot + 1;
    return;
  }
  v128_t m = wasm_v128_load(dist);
  for (int q = 4; q < L->stride; q += 4) m = wasm_f32x4_pmax(m, wasm_v128_load(dist + q));
  m = wasm_f32x4_pmax(m, wasm_i32x4_shuffle(m, m, 2, 3, 0, 1));
  m = wasm_f32x4_pmax(m, wasm_i32x4_shuffle(m, m, 1, 0, 3, 2));
  const float worst = wasm_f32x4_extract_lane(m, 0);
  for (int q = 0;; q += 4) {
    const int bits = wasm_i32x4_bitmask(wasm_f32x4_eq(wasm_v128_load(dist + q), m));
    if (bits != 0) {
      L->at[r] = q + __builtin_ctz(bits);
      break;
    }
  }
  L->worst[r] = worst;
}

// One block D (bI x bJ, row-major) of a symmetric problem: rows i0.., columns j0.. of the same
// point set. Each value updates both its row's and its column's list. On a diagonal block only
// the values above the diagonal are read, and the diagonal itself when includeSelf is set.
__attribute__((export_name("scanSymmetric")))
void scanSymmetric(const float *D, int i0, int bI, int j0, int bJ, int diagonal, int includeSelf,
                   int *ids, float *dist, float *worst, int *at, int c, int stride) {
  const Lists L = {ids, dist, worst, at, c, stride};
  for (int a = 0; a < bI; a++) {
    const int i = i0 + a;
    const float *row = D + a * bJ;
    int jj = 0;
    if (diagonal) {
      jj = a + 1;
      if (includeSelf && row[a] < worst[i]) insert(&L, i, i, row[a]);
    }
    v128_t wv = wasm_f32x4_splat(worst[i]);
    for (; jj + 16 <= bJ; jj += 16) {
      // Sixteen values per test: one branch where four cost as much as the comparisons.
      const v128_t v0 = wasm_v128_load(row + jj), v1 = wasm_v128_load(row + jj + 4);
      const v128_t v2 = wasm_v128_load(row + jj + 8), v3 = wasm_v128_load(row + jj + 12);
      const float *cw = worst + j0 + jj;
      const v128_t any = wasm_v128_or(
          wasm_v128_or(wasm_v128_or(wasm_f32x4_lt(v0, wv), wasm_f32x4_lt(v0, wasm_v128_load(cw))),
                       wasm_v128_or(wasm_f32x4_lt(v1, wv), wasm_f32x4_lt(v1, wasm_v128_load(cw + 4)))),
          wasm_v128_or(wasm_v128_or(wasm_f32x4_lt(v2, wv), wasm_f32x4_lt(v2, wasm_v128_load(cw + 8))),
                       wasm_v128_or(wasm_f32x4_lt(v3, wv), wasm_f32x4_lt(v3, wasm_v128_load(cw + 12)))));
      if (!wasm_v128_any_true(any)) continue;
      for (int q = jj; q < jj + 16; q += 4) {
        const v128_t v = wasm_v128_load(row + q);
        const v128_t toRow = wasm_f32x4_lt(v, wv);
        const v128_t toColumn = wasm_f32x4_lt(v, wasm_v128_load(worst + j0 + q));
        // Only the lanes that passed: a column's list changes only through its own lane (the
        // columns read here are never the row itself), so its mask stays valid; the row's worst
        // may drop after each insertion, so its lanes are compared again.
        for (int bits = wasm_i32x4_bitmask(toRow); bits != 0; bits &= bits - 1) {
          const int t = q + __builtin_ctz(bits);
          if (row[t] < worst[i]) insert(&L, i, j0 + t, row[t]);
        }
        for (int bits = wasm_i32x4_bitmask(toColumn); bits != 0; bits &= bits - 1) {
          const int t = q + __builtin_ctz(bits);
          insert(&L, j0 + t, i, row[t]);
        }
        wv = wasm_f32x4_splat(worst[i]);
      }
    }
    for (; jj < bJ; jj++) {
      const float x = row[jj];
      const int j = j0 + jj;
      if (x < worst[i]) insert(&L, i, j, x);
      if (x < worst[j]) insert(&L, j, i, x);
    }
  }
}

// One block D (bR x bJ) of query rows r0.. against reference columns j0..: only the rows' lists
// are updated. self[r] is the column list r must skip (the query row itself), or -1.
__attribute__((export_name("scanRows")))
void scanRows(const float *D, int r0, int bR, const int *self, int j0, int bJ,
              int *ids, float *dist, float *worst, int *at, int c, int stride) {
  const Lists L = {ids, dist, worst, at, c, stride};
  for (int a = 0; a < bR; a++) {
    const int r = r0 + a;
    const int skip = self[r];
    const float *row = D + a * bJ;
    v128_t wv = wasm_f32x4_splat(worst[r]);
    int jj = 0;
    for (; jj + 4 <= bJ; jj += 4) {
      const v128_t v = wasm_v128_load(row + jj);
      if (!wasm_v128_any_true(wasm_f32x4_lt(v, wv))) continue;
      for (int t = jj; t < jj + 4; t++)
        if (row[t] < worst[r] && j0 + t != skip) insert(&L, r, j0 + t, row[t]);
      wv = wasm_f32x4_splat(worst[r]);
    }
    for (; jj < bJ; jj++)
      if (row[jj] < worst[r] && j0 + jj != skip) insert(&L, r, j0 + jj, row[jj]);
  }
}
