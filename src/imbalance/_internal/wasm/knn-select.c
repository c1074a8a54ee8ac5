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

// ---------------------------------------------------------------------------------------------
// Quantized first pass: distances and selection in one loop, on integers.
//
// The caller quantizes every point to int16 coordinates (d columns padded with zeros to `pairs`
// pairs) with exact integer squared norms, scaled so that every norm is below 2^29. The squared
// distance of two quantized points, norm_i + norm_j - 2 a_i.a_j = |a_i - a_j|^2, is then an
// integer below (2 * 2^14.5)^2 = 2^31 - which 32-bit wrapping arithmetic computes exactly, however
// the partial sums wrap. i32x4.dot_i16x8_s does eight multiply-adds per instruction where float32
// SIMD does four in two, and no distance matrix is written: each 4 x 8 tile of distances lives in
// registers, is compared there with the lists' worst values, and is forgotten unless a value beats
// one of them.
//
// Memory (byte offsets, 16-aligned, laid out by select.ts):
//   rows:   point i's coordinates at rows + 2 * pairs * i (int16, row-major), rows padded to 8
//   panels: points in groups of 4 ("panels"); panel p, pair t is one vector of 8 int16:
//           (x[4p][2t], x[4p][2t+1], x[4p+1][2t], x[4p+1][2t+1], ..., x[4p+3][2t+1])
//   norms:  int32 per point; padding points have norm 2^30 and zero coordinates
//   lists:  as Lists above with int32 values; padding lists have worst = INT_MIN (never chosen)

#define QMAX 0x7fffffff

typedef struct {
  int *ids;
  int *dist;  // slots past c hold INT_MIN
  int *worst; // QMAX while the list fills
  int *at;
  int c;
  int stride;
} QLists;

// insert() on integer values. The slot of the new worst is found from one mask over the whole
// list (lists up to 32 slots) rather than by stopping at the first match, whose place is random
// and cost a mispredicted branch on most insertions.
static void qinsert(const QLists *L, int r, int j, int v) {
  int *ids = L->ids + r * L->stride;
  int *dist = L->dist + r * L->stride;
  const int slot = L->at[r];
  ids[slot] = j;
  dist[slot] = v;
  if (L->worst[r] == QMAX && slot + 1 < L->c) {
    L->at[r] = slot + 1;
    return;
  }
  v128_t m = wasm_v128_load(dist);
  for (int q = 4; q < L->stride; q += 4) m = wasm_i32x4_max(m, wasm_v128_load(dist + q));
  m = wasm_i32x4_max(m, wasm_i32x4_shuffle(m, m, 2, 3, 0, 1));
  m = wasm_i32x4_max(m, wasm_i32x4_shuffle(m, m, 1, 0, 3, 2));
  if (L->stride <= 32) {
    unsigned bits = 0;
    for (int q = 0; q < L->stride; q += 4) bits |= (unsigned)wasm_i32x4_bitmask(wasm_i32x4_eq(wasm_v128_load(dist + q), m)) << q;
    L->at[r] = __builtin_ctz(bits);
  } else {
    for (int q = 0;; q += 4) {
      const int bits = wasm_i32x4_bitmask(wasm_i32x4_eq(wasm_v128_load(dist + q), m));
      if (bits != 0) {
        L->at[r] = q + __builtin_ctz(bits);
        break;
      }
    }
  }
  L->worst[r] = wasm_i32x4_extract_lane(m, 0);
}

// The 4 x 8 tile of squared distances between points i..i+3 (row-major `rows`, norms `rn`) and
// panels P, P + 1 (norms `cn`): d[2 * r + h] holds the distances of row i + r to the columns of
// panel P + h.
#define ACC(a, b, acc) acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(a, b))
static inline void tile(const short *rows, int pairs, int i, const short *panel, const int *rn, const int *cn,
                        v128_t d[8]) {
  const short *r0 = rows + 2 * pairs * i;
  const short *r1 = r0 + 2 * pairs, *r2 = r1 + 2 * pairs, *r3 = r2 + 2 * pairs;
  const short *p1 = panel + 8 * pairs;
  v128_t c0 = wasm_i32x4_splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
  for (int t = 0; t < pairs; t++) {
    const v128_t b0 = wasm_v128_load(panel + 8 * t), b1 = wasm_v128_load(p1 + 8 * t);
    v128_t a = wasm_v128_load32_splat(r0 + 2 * t);
    ACC(a, b0, c0);
    ACC(a, b1, c1);
    a = wasm_v128_load32_splat(r1 + 2 * t);
    ACC(a, b0, c2);
    ACC(a, b1, c3);
    a = wasm_v128_load32_splat(r2 + 2 * t);
    ACC(a, b0, c4);
    ACC(a, b1, c5);
    a = wasm_v128_load32_splat(r3 + 2 * t);
    ACC(a, b0, c6);
    ACC(a, b1, c7);
  }
  const v128_t n0 = wasm_v128_load(cn), n1 = wasm_v128_load(cn + 4);
  v128_t s = wasm_i32x4_splat(rn[i]);
  d[0] = wasm_i32x4_sub(wasm_i32x4_add(s, n0), wasm_i32x4_shl(c0, 1));
  d[1] = wasm_i32x4_sub(wasm_i32x4_add(s, n1), wasm_i32x4_shl(c1, 1));
  s = wasm_i32x4_splat(rn[i + 1]);
  d[2] = wasm_i32x4_sub(wasm_i32x4_add(s, n0), wasm_i32x4_shl(c2, 1));
  d[3] = wasm_i32x4_sub(wasm_i32x4_add(s, n1), wasm_i32x4_shl(c3, 1));
  s = wasm_i32x4_splat(rn[i + 2]);
  d[4] = wasm_i32x4_sub(wasm_i32x4_add(s, n0), wasm_i32x4_shl(c4, 1));
  d[5] = wasm_i32x4_sub(wasm_i32x4_add(s, n1), wasm_i32x4_shl(c5, 1));
  s = wasm_i32x4_splat(rn[i + 3]);
  d[6] = wasm_i32x4_sub(wasm_i32x4_add(s, n0), wasm_i32x4_shl(c6, 1));
  d[7] = wasm_i32x4_sub(wasm_i32x4_add(s, n1), wasm_i32x4_shl(c7, 1));
}

// Each tile row's smallest value: lane r for row i + r (the rows' worst values are compared
// with it as one vector, kept across tiles).
static inline v128_t rowMins(const v128_t *d) {
  const v128_t m0 = wasm_i32x4_min(d[0], d[1]), m1 = wasm_i32x4_min(d[2], d[3]);
  const v128_t m2 = wasm_i32x4_min(d[4], d[5]), m3 = wasm_i32x4_min(d[6], d[7]);
  const v128_t t01 = wasm_i32x4_min(wasm_i32x4_shuffle(m0, m1, 0, 1, 4, 5), wasm_i32x4_shuffle(m0, m1, 2, 3, 6, 7));
  const v128_t t23 = wasm_i32x4_min(wasm_i32x4_shuffle(m2, m3, 0, 1, 4, 5), wasm_i32x4_shuffle(m2, m3, 2, 3, 6, 7));
  return wasm_i32x4_min(wasm_i32x4_shuffle(t01, t23, 0, 2, 4, 6), wasm_i32x4_shuffle(t01, t23, 1, 3, 5, 7));
}

// Lanes of a tile row that beat `w0` (columns 0-3) and `w1` (columns 4-7), as bits 0-7.
static inline unsigned beats(v128_t d0, v128_t d1, v128_t w0, v128_t w1) {
  return (unsigned)(wasm_i32x4_bitmask(wasm_i32x4_lt(d0, w0)) | wasm_i32x4_bitmask(wasm_i32x4_lt(d1, w1)) << 4);
}

// The tile's lanes that may be taken, bit 8r + l for row i + r and column j + l: rows below i1,
// columns below j1, and on a diagonal block only columns after the row (each unordered pair once).
static inline unsigned validLanes(int i, int i1, int j, int j1, int diagonal) {
  const unsigned columns = j1 - j >= 8 ? 0xffu : (1u << (j1 - j)) - 1;
  unsigned valid = 0;
  for (int r = 0; r < 4 && i + r < i1; r++) {
    unsigned lanes = columns;
    const int from = i + r - j + 1;
    if (diagonal && from > 0) lanes &= from >= 8 ? 0 : 0xffu << from;
    valid |= lanes << (8 * r);
  }
  return valid;
}

// The values of a tile that passed the quick test, for a symmetric block: one mask of the lanes
// that beat their row's worst and one of those that beat their column's, taken in turn (two
// loops over bits for the whole tile: a loop per row mispredicted its exits); each value is
// compared again with its list as it is then (insertions only lower a list's worst, so a lane
// that failed earlier cannot pass now).
__attribute__((noinline)) static void qTileSymmetric(const QLists *L, const v128_t *d, int i, int i1, int j, int j1,
                                                     int diagonal, int includeSelf) {
  const int *worst = L->worst;
  int v[32];
  for (int q = 0; q < 8; q++) wasm_v128_store(v + 4 * q, d[q]);
  const v128_t cw0 = wasm_v128_load(worst + j), cw1 = wasm_v128_load(worst + j + 4);
  unsigned toRow = 0, toColumn = 0;
  for (int r = 0; r < 4; r++) {
    const v128_t rw = wasm_i32x4_splat(worst[i + r]);
    toRow |= beats(d[2 * r], d[2 * r + 1], rw, rw) << (8 * r);
    toColumn |= beats(d[2 * r], d[2 * r + 1], cw0, cw1) << (8 * r);
  }
  const int edge = diagonal || j1 - j < 8 || i1 - i < 4;
  if (edge) {
    const unsigned valid = validLanes(i, i1, j, j1, diagonal);
    toRow &= valid;
    toColumn &= valid;
    // The point itself, when asked for: once, in its own list.
    if (diagonal && includeSelf) {
      for (int r = 0; r < 4 && i + r < i1; r++) {
        const int a = i + r, l = a - j;
        if (l >= 0 && l < 8 && v[8 * r + l] < worst[a]) qinsert(L, a, a, v[8 * r + l]);
      }
    }
  }
  for (unsigned bits = toRow; bits != 0; bits &= bits - 1) {
    const int t = __builtin_ctz(bits), a = i + (t >> 3);
    if (v[t] < worst[a]) qinsert(L, a, j + (t & 7), v[t]);
  }
  for (unsigned bits = toColumn; bits != 0; bits &= bits - 1) {
    const int t = __builtin_ctz(bits), b = j + (t & 7);
    if (v[t] < worst[b]) qinsert(L, b, i + (t >> 3), v[t]);
  }
}

// Every pair of points (i, j), i in [i0, i1), j in [j0, j1), of one symmetric problem, each
// unordered pair once: when `diagonal` is set the two ranges are the same and only j > i is
// taken (and j == i when includeSelf is set). Both lists of a pair are updated. i0 and j0 are
// multiples of 8.
__attribute__((export_name("qScanSymmetric")))
void qScanSymmetric(const short *rows, const short *panels, const int *norms, int pairs, int i0, int i1, int j0,
                    int j1, int diagonal, int includeSelf, int *ids, int *dist, int *worst, int *at, int c,
                    int stride) {
  const QLists L = {ids, dist, worst, at, c, stride};
  for (int i = i0; i < i1; i += 4) {
    // On a diagonal block, the first tile with a column j > i (columns come in tiles of 8).
    const int jFirst = diagonal ? j0 + ((i - j0) & ~7) : j0;
    // The rows' worst values, one per lane; reloaded only after a tile that inserted.
    v128_t rw = wasm_v128_load(worst + i);
    for (int j = jFirst; j < j1; j += 8) {
      v128_t d[8];
      tile(rows, pairs, i, panels + 2 * pairs * j, norms, norms + j, d);
      const v128_t colMin0 = wasm_i32x4_min(wasm_i32x4_min(d[0], d[2]), wasm_i32x4_min(d[4], d[6]));
      const v128_t colMin1 = wasm_i32x4_min(wasm_i32x4_min(d[1], d[3]), wasm_i32x4_min(d[5], d[7]));
      const v128_t hit = wasm_v128_or(wasm_i32x4_lt(rowMins(d), rw),
                                      wasm_v128_or(wasm_i32x4_lt(colMin0, wasm_v128_load(worst + j)),
                                                   wasm_i32x4_lt(colMin1, wasm_v128_load(worst + j + 4))));
      if (wasm_v128_any_true(hit)) {
        qTileSymmetric(&L, d, i, i1, j, j1, diagonal, includeSelf);
        rw = wasm_v128_load(worst + i);
      }
    }
  }
}

// qTileSymmetric for query rows: only the rows' lists, never a row's own reference point.
__attribute__((noinline)) static void qTileRows(const QLists *L, const v128_t *d, int i, int bR, int j, int n,
                                                const int *self) {
  const int *worst = L->worst;
  int v[32];
  for (int q = 0; q < 8; q++) wasm_v128_store(v + 4 * q, d[q]);
  unsigned toRow = 0;
  for (int r = 0; r < 4; r++) {
    const v128_t rw = wasm_i32x4_splat(worst[i + r]);
    toRow |= beats(d[2 * r], d[2 * r + 1], rw, rw) << (8 * r);
  }
  if (n - j < 8 || bR - i < 4) toRow &= validLanes(i, bR, j, n, 0);
  for (unsigned bits = toRow; bits != 0; bits &= bits - 1) {
    const int t = __builtin_ctz(bits), a = i + (t >> 3), b = j + (t & 7);
    if (v[t] < worst[a] && b != self[a]) qinsert(L, a, b, v[t]);
  }
}

// Query points 0..bR (`rows`, norms `rowNorms`) against every reference point 0..n (`panels`,
// norms `colNorms`): only the queries' lists are updated; query r never takes reference self[r].
__attribute__((export_name("qScanRows")))
void qScanRows(const short *rows, const int *rowNorms, int bR, const int *self, const short *panels,
               const int *colNorms, int pairs, int n, int *ids, int *dist, int *worst, int *at, int c, int stride) {
  const QLists L = {ids, dist, worst, at, c, stride};
  for (int i = 0; i < bR; i += 4) {
    v128_t rw = wasm_v128_load(worst + i);
    for (int j = 0; j < n; j += 8) {
      v128_t d[8];
      tile(rows, pairs, i, panels + 2 * pairs * j, rowNorms, colNorms + j, d);
      if (wasm_v128_any_true(wasm_i32x4_lt(rowMins(d), rw))) {
        qTileRows(&L, d, i, bR, j, n, self);
        rw = wasm_v128_load(worst + i);
      }
    }
  }
}
