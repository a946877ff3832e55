"""fdlibm's natural logarithm (e_log.c), vectorised with numpy.

Spark computes ``ln``/``log``/``log2`` with ``java.lang.StrictMath.log``, which is fdlibm's
algorithm bit for bit; the C library's ``log`` (what numpy calls) is rounded differently in
the last place for a few percent of inputs, which shows in ``show()`` output. This is the same
arithmetic on whole arrays: reduce x to 2**k * (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2), then
a minimax polynomial in s = f / (2 + f)."""
from __future__ import annotations

import numpy as np

__all__ = ["log", "log10", "log1p", "exp", "expm1", "cosh", "sinh", "tanh", "atanh", "cbrt"]

_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_TWO54 = 1.80143985094819840000e+16
_LG1 = 6.666666666666735130e-01
_LG2 = 3.999999999940941908e-01
_LG3 = 2.857142874366239149e-01
_LG4 = 2.222219843214978396e-01
_LG5 = 1.818357216161805012e-01
_LG6 = 1.531383769920937332e-01
_LG7 = 1.479819860511658591e-01


def _split(x, special, library, kernel) -> np.ndarray:
    """``library`` (numpy's function, which gives fdlibm's infinities, zeros and NaNs) where
    ``special(x)``, the fdlibm ``kernel`` everywhere else."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    mask = special(x)
    with np.errstate(all="ignore"):
        out[mask] = library(x[mask])
        v = x[~mask]
        if v.size:
            out[~mask] = kernel(v)
    return out


def _not_positive_finite(x):
    return ~(x > 0) | ~np.isfinite(x)


def log(x: np.ndarray) -> np.ndarray:
    """StrictMath.log of every element (-inf at 0, NaN below 0 and for NaN, inf at inf)."""
    return _split(x, _not_positive_finite, np.log, _log_positive)


def _log_positive(x: np.ndarray) -> np.ndarray:
    k = np.zeros(x.shape, dtype=np.int64)
    hx = x.view(np.int64) >> 32
    sub = hx < 0x00100000                          # subnormal: scale up by 2**54
    if sub.any():
        with np.errstate(over="ignore"):
            x = np.where(sub, x * _TWO54, x)
        k = np.where(sub, k - 54, k)
        hx = x.view(np.int64) >> 32
    bits = x.view(np.int64)
    k = k + (hx >> 20) - 1023
    hx = hx & 0x000fffff
    i = (hx + 0x95f64) & 0x100000
    hi = hx | (i ^ 0x3ff00000)                     # normalise x or x/2
    x = ((hi << 32) | (bits & 0xffffffff)).view(np.float64)
    k = k + (i >> 20)
    f = x - 1.0
    dk = k.astype(np.float64)

    # |f| < 2**-20
    small = (0x000fffff & (2 + hx)) < 3
    r_small = f * f * (0.5 - 0.33333333333333333 * f)
    small_k0 = f - r_small
    small_k = dk * _LN2_HI - ((r_small - dk * _LN2_LO) - f)
    small_zero = dk * _LN2_HI + dk * _LN2_LO
    small_res = np.where(f == 0.0, np.where(k == 0, 0.0, small_zero),
                         np.where(k == 0, small_k0, small_k))

    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
    t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
    r = t2 + t1
    big = ((hx - 0x6147a) | (0x6b851 - hx)) > 0
    hfsq = 0.5 * f * f
    res_big = np.where(k == 0, f - (hfsq - s * (hfsq + r)),
                       dk * _LN2_HI - ((hfsq - (s * (hfsq + r) + dk * _LN2_LO)) - f))
    res_other = np.where(k == 0, f - s * (f - r),
                         dk * _LN2_HI - ((s * (f - r) - dk * _LN2_LO) - f))
    return np.where(small, small_res, np.where(big, res_big, res_other))


# -- exp (e_exp.c) ---------------------------------------------------------------------------
_O_THRESHOLD = 7.09782712893383973096e+02
_U_THRESHOLD = -7.45133219101941108420e+02
_TWOM1000 = 9.33263618503218878990e-302
_INVLN2 = 1.44269504088896338700e+00
_P1 = 1.66666666666666019037e-01
_P2 = -2.77777777770155933842e-03
_P3 = 6.61375632143793436117e-05
_P4 = -1.65339022054652515390e-06
_P5 = 4.13813679705723846039e-08


def exp(x: np.ndarray) -> np.ndarray:
    """StrictMath.exp of every element: x = k*ln2 + r with |r| <= 0.5*ln2, then a rational
    approximation of exp(r) scaled by 2**k."""
    return _split(x, lambda v: ~np.isfinite(v) | (v > _O_THRESHOLD) | (v < _U_THRESHOLD),
                  np.exp, _exp_finite)


def _exp_finite(x: np.ndarray) -> np.ndarray:
    hx = (x.view(np.int64) >> 32) & 0x7fffffff
    neg = x < 0
    tiny = hx < 0x3e300000                         # |x| < 2**-28
    mid = hx > 0x3fd62e42                          # |x| > 0.5*ln2: reduce
    near = mid & (hx < 0x3FF0A2B2)                 # and |x| < 1.5*ln2
    with np.errstate(all="ignore"):
        k_far = np.trunc(_INVLN2 * x + np.where(neg, -0.5, 0.5)).astype(np.int64)
    k = np.where(near, np.where(neg, -1, 1), np.where(mid, k_far, 0))
    t = k.astype(np.float64)
    hi = np.where(near, x - np.where(neg, -_LN2_HI, _LN2_HI), x - t * _LN2_HI)
    lo = np.where(near, np.where(neg, -_LN2_LO, _LN2_LO), t * _LN2_LO)
    hi = np.where(mid, hi, 0.0)
    lo = np.where(mid, lo, 0.0)
    r = np.where(mid, hi - lo, x)
    t = r * r
    c = r - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    with np.errstate(all="ignore"):
        res_k0 = 1.0 - ((r * c) / (c - 2.0) - r)
        y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    low = k < -1021
    shift = np.where(low, k + 1000, k) << 52
    y = (y.view(np.int64) + shift).view(np.float64)
    y = np.where(low, y * _TWOM1000, y)
    return np.where(tiny, 1.0 + x, np.where(k == 0, res_k0, y))


# -- expm1 (s_expm1.c) and cosh (e_cosh.c) ---------------------------------------------------
_Q1 = -3.33333333333331316428e-02
_Q2 = 1.58730158725481460165e-03
_Q3 = -7.93650757867487942473e-05
_Q4 = 4.00821782732936239552e-06
_Q5 = -2.01099218183624371326e-07


def _with_high_word(hi: np.ndarray) -> np.ndarray:
    """Doubles whose high 32 bits are ``hi`` and low 32 bits zero."""
    return (hi.astype(np.int64) << 32).view(np.float64)


def _scale(y: np.ndarray, k: np.ndarray) -> np.ndarray:
    """y * 2**k by adding k to the exponent bits (fdlibm's ``__HI(y) += k << 20``)."""
    return (y.view(np.int64) + (k << 52)).view(np.float64)


def expm1(x: np.ndarray) -> np.ndarray:
    """StrictMath.expm1 of every element (exp(x) - 1 without cancellation near 0)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        return _expm1(x)


def _expm1(x):
    hx = (x.view(np.int64) >> 32) & 0x7fffffff
    neg = x < 0
    mid = hx > 0x3fd62e42
    near = mid & (hx < 0x3FF0A2B2)
    k_far = np.trunc(_INVLN2 * np.where(np.isfinite(x), x, 0.0)
                     + np.where(neg, -0.5, 0.5)).astype(np.int64)
    k = np.where(near, np.where(neg, -1, 1), np.where(mid, k_far, 0))
    t = k.astype(np.float64)
    hi = np.where(near, np.where(neg, x + _LN2_HI, x - _LN2_HI), x - t * _LN2_HI)
    lo = np.where(near, np.where(neg, -_LN2_LO, _LN2_LO), t * _LN2_LO)
    r = np.where(mid, hi - lo, x)
    c = np.where(mid, (hi - r) - lo, 0.0)
    hfx = 0.5 * r
    hxs = r * hfx
    r1 = 1.0 + hxs * (_Q1 + hxs * (_Q2 + hxs * (_Q3 + hxs * (_Q4 + hxs * _Q5))))
    t = 3.0 - r1 * hfx
    e = hxs * ((r1 - t) / (6.0 - r * t))
    res_k0 = r - (r * e - hxs)
    e2 = (r * (e - c) - c) - hxs
    res_km1 = 0.5 * (r - e2) - 0.5
    res_k1 = np.where(r < -0.25, -2.0 * (e2 - (r + 0.5)), 1.0 + 2.0 * (r - e2))
    kc = np.clip(k, 0, 63)
    res_big = _scale(1.0 - (e2 - r), k) - 1.0
    res_lt20 = _scale(_with_high_word(0x3ff00000 - (0x200000 >> kc)) - (e2 - r), k)
    res_ge20 = _scale((r - (e2 + _with_high_word((0x3ff - np.clip(k, 0, 0x3ff)) << 20)))
                      + 1.0, k)
    out = np.where(k == 0, res_k0,
                   np.where(k == -1, res_km1,
                            np.where(k == 1, res_k1,
                                     np.where((k <= -2) | (k > 56), res_big,
                                              np.where(k < 20, res_lt20, res_ge20)))))
    out = np.where(hx < 0x3c900000, x, out)                  # |x| < 2**-54
    huge = hx >= 0x4043687A                                  # |x| >= 56*ln2
    out = np.where(huge & neg, -1.0, out)
    out = np.where(x > _O_THRESHOLD, np.inf, out)
    out = np.where(np.isnan(x), x, np.where(np.isinf(x), np.where(neg, -1.0, np.inf), out))
    return out


def cosh(x: np.ndarray) -> np.ndarray:
    """StrictMath.cosh of every element."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        bits = x.view(np.int64)
        ix = (bits >> 32) & 0x7fffffff
        lx = bits & 0xffffffff
        t = _expm1(ax)
        w = 1.0 + t
        small = np.where(ix < 0x3c800000, w, 1.0 + (t * t) / (w + w))
        e = exp(ax)
        medium = 0.5 * e + 0.5 / e
        large = 0.5 * e
        wh = exp(0.5 * ax)
        edge = (0.5 * wh) * wh
        in_edge = (ix < 0x408633CE) | ((ix == 0x408633CE) & (lx <= 0x8fb9f87d))
        out = np.where(ix < 0x3fd62e43, small,
                       np.where(ix < 0x40360000, medium,
                                np.where(ix < 0x40862E42, large,
                                         np.where(in_edge, edge, np.inf))))
        return np.where(ix >= 0x7ff00000, x * x, out)


# -- sinh (e_sinh.c) and tanh (s_tanh.c) -------------------------------------------------------
def sinh(x: np.ndarray) -> np.ndarray:
    """StrictMath.sinh of every element."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        bits = x.view(np.int64)
        ix = (bits >> 32) & 0x7fffffff
        lx = bits & 0xffffffff
        h = np.where(x < 0, -0.5, 0.5)
        t = _expm1(ax)
        small = np.where(ix < 0x3ff00000, h * (2.0 * t - t * t / (t + 1.0)),
                         h * (t + t / (t + 1.0)))
        small = np.where(ix < 0x3e300000, x, small)
        large = h * exp(ax)
        w = exp(0.5 * ax)
        edge = (h * w) * w
        in_edge = (ix < 0x408633CE) | ((ix == 0x408633CE) & (lx <= 0x8fb9f87d))
        out = np.where(ix < 0x40360000, small,
                       np.where(ix < 0x40862E42, large,
                                np.where(in_edge, edge, x * np.inf)))
        return np.where(ix >= 0x7ff00000, x + x, out)


def tanh(x: np.ndarray) -> np.ndarray:
    """StrictMath.tanh of every element."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        ix = (x.view(np.int64) >> 32) & 0x7fffffff
        t_big = _expm1(2.0 * ax)
        t_small = _expm1(-2.0 * ax)
        z = np.where(ix >= 0x3ff00000, 1.0 - 2.0 / (t_big + 2.0), -t_small / (t_small + 2.0))
        z = np.where(ix < 0x40360000, z, 1.0)
        out = np.where(x < 0, -z, z)
        out = np.where(ix < 0x3c800000, x * (1.0 + x), out)
        inf_nan = np.where(x >= 0, 1.0 / x + 1.0, 1.0 / x - 1.0)
        return np.where(ix >= 0x7ff00000, inf_nan, out)


# -- log10 (e_log10.c) ---------------------------------------------------------------------------
_IVLN10 = 4.34294481903251816668e-01
_LOG10_2HI = 3.01029995663611771306e-01
_LOG10_2LO = 3.69423907715893078616e-13


def log10(x: np.ndarray) -> np.ndarray:
    """StrictMath.log10 of every element: k*log10(2) + log(m)/ln(10) with x = m * 2**k."""
    return _split(x, _not_positive_finite, np.log10, _log10_positive)


def _log10_positive(v: np.ndarray) -> np.ndarray:
    k = np.zeros(v.shape, dtype=np.int64)
    hx = v.view(np.int64) >> 32
    sub = hx < 0x00100000
    if sub.any():
        with np.errstate(over="ignore"):
            v = np.where(sub, v * _TWO54, v)
        k = np.where(sub, k - 54, k)
        hx = v.view(np.int64) >> 32
    k = k + (hx >> 20) - 1023
    i = (k < 0).astype(np.int64)
    hi = (hx & 0x000fffff) | ((0x3ff - i) << 20)
    m = ((hi << 32) | (v.view(np.int64) & 0xffffffff)).view(np.float64)
    y = (k + i).astype(np.float64)
    z = y * _LOG10_2LO + _IVLN10 * log(m)
    return z + y * _LOG10_2HI


# -- log1p (s_log1p.c), atanh as Spark computes it -----------------------------------------------
def log1p(x: np.ndarray) -> np.ndarray:
    """StrictMath.log1p of every element (log(1 + x) without losing small x)."""
    # -1 -> -inf, below -1 / NaN -> NaN, inf -> inf from numpy
    return _split(x, lambda v: ~(v > -1.0) | ~np.isfinite(v), np.log1p, _log1p)


def _log1p(x):
    hx = x.view(np.int64) >> 32                    # the signed high word
    ax = hx & 0x7fffffff
    below = hx < 0x3FDA827A                        # x < 0.41422
    tiny = below & (ax < 0x3e200000)               # |x| < 2**-29
    direct = below & ~tiny & ((hx > 0) | (hx <= 0xbfd2bec3 - (1 << 32)))
    # k != 0: reduce 1 + x to 2**k * u with a correction term c for the rounding of 1 + x
    u = np.where(hx < 0x43400000, 1.0 + x, x)
    hu = u.view(np.int64) >> 32
    k = (hu >> 20) - 1023
    c = np.where(hx < 0x43400000, np.where(k > 0, 1.0 - (u - x), x - (u - 1.0)) / u, 0.0)
    hu = hu & 0x000fffff
    low = hu < 0x6a09e
    k = np.where(low, k, k + 1)
    u_hi = np.where(low, hu | 0x3ff00000, hu | 0x3fe00000)
    u = ((u_hi << 32) | (u.view(np.int64) & 0xffffffff)).view(np.float64)
    hu = np.where(low, hu, (0x00100000 - hu) >> 2)
    f = u - 1.0
    k = np.where(direct, 0, k)
    f = np.where(direct, x, f)
    hu = np.where(direct, 1, hu)
    c = np.where(direct, 0.0, c)
    dk = k.astype(np.float64)
    hfsq = 0.5 * f * f
    r_small = hfsq * (1.0 - 0.66666666666666666 * f)
    small = np.where(f == 0.0, np.where(k == 0, 0.0, dk * _LN2_HI + (c + dk * _LN2_LO)),
                     np.where(k == 0, f - r_small,
                              dk * _LN2_HI - ((r_small - (dk * _LN2_LO + c)) - f)))
    s = f / (2.0 + f)
    z = s * s
    r = z * (_LG1 + z * (_LG2 + z * (_LG3 + z * (_LG4 + z * (_LG5 + z * (_LG6 + z * _LG7))))))
    general = np.where(k == 0, f - (hfsq - s * (hfsq + r)),
                       dk * _LN2_HI - ((hfsq - (s * (hfsq + r) + (dk * _LN2_LO + c))) - f))
    out = np.where(hu == 0, small, general)
    return np.where(tiny, np.where(ax < 0x3c900000, x, x - x * x * 0.5), out)


def atanh(x: np.ndarray) -> np.ndarray:
    """Spark's atanh: 0.5 * (log1p(x) - log1p(-x)) with StrictMath.log1p."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * (log1p(x) - log1p(-x))


# -- cbrt (s_cbrt.c) -------------------------------------------------------------------------------
_B1, _B2 = 715094163, 696219795
_CC = 5.42857142857142815906e-01
_CD = -7.05306122448979611050e-01
_CE = 1.41428571428571436819e+00
_CF = 1.60714285714285720630e+00
_CG = 3.57142857142857150787e-01


def _make(hi: np.ndarray, lo) -> np.ndarray:
    return ((hi.astype(np.uint64) << np.uint64(32)) |
            np.asarray(lo, dtype=np.uint64)).view(np.float64)


def _hi(x: np.ndarray) -> np.ndarray:
    return (x.view(np.uint64) >> np.uint64(32)).astype(np.int64)


def cbrt(x: np.ndarray) -> np.ndarray:
    """StrictMath.cbrt of every element: a 5-bit estimate from the exponent bits, a rational
    step to 23 bits, then one Newton step."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        bits = x.view(np.uint64)
        hx = (bits >> np.uint64(32)).astype(np.int64)
        lx = (bits & np.uint64(0xffffffff)).astype(np.int64)
        sign = hx & 0x80000000
        hx = hx ^ sign
        ax = _make(hx, lx)
        t_sub = ax * _TWO54
        t_sub = _make(_hi(t_sub) // 3 + _B2, t_sub.view(np.uint64) & np.uint64(0xffffffff))
        t = np.where(hx < 0x00100000, t_sub, _make(hx // 3 + _B1, 0))
        r = t * t / ax
        s = _CC + r * t
        t = t * (_CG + _CF / (s + _CE + _CD / s))
        t = _make(_hi(t) + 1, 0)
        s = t * t
        r = ax / s
        w = t + t
        r = (r - t) / (w + r)
        t = t + t * r
        out = _make(_hi(t) | sign, t.view(np.uint64) & np.uint64(0xffffffff))
        out = np.where((hx | lx) == 0, x, out)
        return np.where(hx >= 0x7ff00000, x + x, out)
