// The derivative pass of Platt scaling's Newton fit (src/calibration/platt.ts, derivativePass):
// the gradient, Hessian and third-derivative moments of Σ wᵢ φ(α xᵢ + β), one sigmoid per row,
// two rows at a time in WebAssembly SIMD. Nearly all of a pass is e^x and a division per row;
// JavaScript does one row at a time (Math.exp at 12–20 ns a call on the development VM), and a
// scalar compiled version measured no faster. Here exp is a short polynomial on two lanes,
// accurate to a few ulps; the sums come in a different order (two lanes, then added). Both move
// the fitted (a, b) by nothing the tests can see: they hold it to 1e-12 of the JavaScript fit.
//
// Built by scripts/build-wasm.sh (clang 14, -O2 -msimd128): small enough for browsers to compile
// synchronously on the main thread, which a synchronous fit needs. Every pointer argument is a
// byte offset into this module's memory, laid out by the caller.
#include <stdint.h>
#include <wasm_simd128.h>

#define SPLAT wasm_f64x2_splat

// e^x on two lanes for x in [-708, 709] (the caller clamps): x = k·ln 2 + r, |r| ≤ ln 2 / 2, with
// ln 2 split so that k·LN2_HI is exact; e^r by its Taylor series to degree 13 (truncation below
// 4e-18 relative); 2^k built from its bits (a normal number in that range).
static v128_t expo(v128_t x) {
  const v128_t k = wasm_f64x2_nearest(wasm_f64x2_mul(x, SPLAT(1.4426950408889634)));
  const v128_t r = wasm_f64x2_sub(wasm_f64x2_sub(x, wasm_f64x2_mul(k, SPLAT(0x1.62e42fee00000p-1))),
                                  wasm_f64x2_mul(k, SPLAT(0x1.a39ef35793c76p-33)));
  static const double c[] = {1.6059043836821613e-10, 2.08767569878681e-09, 2.505210838544172e-08,
                             2.755731922398589e-07, 2.7557319223985893e-06, 2.48015873015873e-05,
                             0.0001984126984126984, 0.001388888888888889, 0.008333333333333333,
                             0.041666666666666664, 0.16666666666666666, 0.5, 1.0, 1.0};
  v128_t p = SPLAT(c[0]);
  for (int i = 1; i < 14; i++) p = wasm_f64x2_add(wasm_f64x2_mul(p, r), SPLAT(c[i]));
  const v128_t ki = wasm_i64x2_extend_low_i32x4(wasm_i32x4_trunc_sat_f64x2_zero(k));
  const v128_t two = wasm_i64x2_shl(wasm_i64x2_add(ki, wasm_i64x2_splat(1023)), 52);
  return wasm_f64x2_mul(p, two);
}

// out[0…8] = Σ gf·x, Σ gf, Σ hf·x², Σ hf·x, Σ hf, Σ tf·xᵏ (k = 0…3), with σ = 1/(1 + e^−f),
// gf = w(σ − (q0 + dq·y)), hf = w·σ(1 − σ), tf = hf(1 − 2σ); `w` is 0 for unit weights. e^−f is
// taken at −f clamped to [−708, 709]: beyond, σ is 1 to the last bit, or below 1.2e-308.
__attribute__((export_name("derivativePass")))
void derivativePass(const double *x, const uint8_t *y, const double *w, int n, double q0, double dq, double alpha,
                    double beta, double *out) {
  v128_t g1 = SPLAT(0), g2 = g1, h11 = g1, h12 = g1, h22 = g1, t0 = g1, t1 = g1, t2 = g1, t3 = g1;
  const v128_t va = SPLAT(alpha), vb = SPLAT(beta), one = SPLAT(1.0), two = SPLAT(2.0);
  const v128_t lo = SPLAT(-708.0), hi = SPLAT(709.0), vq0 = SPLAT(q0), vdq = SPLAT(dq);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    const v128_t xi = wasm_v128_load(x + i);
    const v128_t wi = w ? wasm_v128_load(w + i) : one;
    const v128_t yi = wasm_f64x2_make((double)y[i], (double)y[i + 1]);
    v128_t m = wasm_f64x2_neg(wasm_f64x2_add(wasm_f64x2_mul(va, xi), vb));
    m = wasm_f64x2_pmax(wasm_f64x2_pmin(m, hi), lo);
    const v128_t sig = wasm_f64x2_div(one, wasm_f64x2_add(one, expo(m)));
    const v128_t gf = wasm_f64x2_mul(wi, wasm_f64x2_sub(sig, wasm_f64x2_add(vq0, wasm_f64x2_mul(vdq, yi))));
    const v128_t hf = wasm_f64x2_mul(wasm_f64x2_mul(wi, sig), wasm_f64x2_sub(one, sig));
    g1 = wasm_f64x2_add(g1, wasm_f64x2_mul(gf, xi));
    g2 = wasm_f64x2_add(g2, gf);
    const v128_t hx = wasm_f64x2_mul(hf, xi);
    h11 = wasm_f64x2_add(h11, wasm_f64x2_mul(hx, xi));
    h12 = wasm_f64x2_add(h12, hx);
    h22 = wasm_f64x2_add(h22, hf);
    const v128_t tf = wasm_f64x2_mul(hf, wasm_f64x2_sub(one, wasm_f64x2_mul(two, sig)));
    const v128_t tx = wasm_f64x2_mul(tf, xi);
    const v128_t txx = wasm_f64x2_mul(tx, xi);
    t0 = wasm_f64x2_add(t0, tf);
    t1 = wasm_f64x2_add(t1, tx);
    t2 = wasm_f64x2_add(t2, txx);
    t3 = wasm_f64x2_add(t3, wasm_f64x2_mul(txx, xi));
  }
  const v128_t sums[9] = {g1, g2, h11, h12, h22, t0, t1, t2, t3};
  double s[9];
  for (int j = 0; j < 9; j++) s[j] = wasm_f64x2_extract_lane(sums[j], 0) + wasm_f64x2_extract_lane(sums[j], 1);
  for (; i < n; i++) {
    const double xi = x[i], wi = w ? w[i] : 1.0;
    double m = -(alpha * x[i] + beta);
    m = m > 709.0 ? 709.0 : m < -708.0 ? -708.0 : m;
    const double sig = 1 / (1 + wasm_f64x2_extract_lane(expo(SPLAT(m)), 0));
    const double gf = wi * (sig - (q0 + dq * y[i])), hf = wi * sig * (1 - sig);
    s[0] += gf * xi, s[1] += gf, s[2] += hf * xi * xi, s[3] += hf * xi, s[4] += hf;
    const double tf = hf * (1 - 2 * sig);
    s[5] += tf, s[6] += tf * xi, s[7] += tf * xi * xi, s[8] += tf * xi * xi * xi;
  }
  for (int j = 0; j < 9; j++) out[j] = s[j];
}

// out[i] = 1 / (1 + e^(a·s[i] + b)), Platt's prediction, two scores at a time. Where the exponent
// passes 709.78 (e^f overflows) the answer is exactly 0, as in JavaScript; below −708 it is 1.
__attribute__((export_name("sigmoidAll")))
void sigmoidAll(const double *s, double *out, int n, double a, double b) {
  const v128_t va = SPLAT(a), vb = SPLAT(b), one = SPLAT(1.0);
  const v128_t lo = SPLAT(-708.0), hi = SPLAT(709.0), overflow = SPLAT(709.782712893384);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    const v128_t f = wasm_f64x2_add(wasm_f64x2_mul(va, wasm_v128_load(s + i)), vb);
    const v128_t p = wasm_f64x2_div(one, wasm_f64x2_add(one, expo(wasm_f64x2_pmax(wasm_f64x2_pmin(f, hi), lo))));
    wasm_v128_store(out + i, wasm_v128_andnot(p, wasm_f64x2_gt(f, overflow)));
  }
  for (; i < n; i++) {
    const double f = a * s[i] + b;
    const double m = f > 709.0 ? 709.0 : f < -708.0 ? -708.0 : f;
    out[i] = f > 709.782712893384 ? 0.0 : 1 / (1 + wasm_f64x2_extract_lane(expo(SPLAT(m)), 0));
  }
}
