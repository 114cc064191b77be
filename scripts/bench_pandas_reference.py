"""Reference point for docs/PERFORMANCE.md: pandas (pyarrow engine) reading the same 1M-candle CSV and running
comparable vectorised checks (grid gaps, duplicates, order, OHLC consistency, invalid values, a rolling
median/MAD return outlier test). Not part of the test suite; needs `pip install pandas pyarrow`.

Usage: python3 scripts/bench_pandas_reference.py FILE [RUNS]
"""
import sys
import time

import numpy as np
import pandas as pd


def check(path):
    df = pd.read_csv(path, engine="pyarrow")
    # Explicit milliseconds: pandas 3 no longer stores every datetime in nanoseconds.
    ts = (pd.to_datetime(df["timestamp"], utc=True) - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(milliseconds=1)
    o, h, l, c, v = (df[k].to_numpy() for k in ("open", "high", "low", "close", "volume"))
    t = ts.to_numpy()
    d = np.diff(t)
    step = np.bincount(np.clip(d[d > 0][:10000] // 60000, 0, 10000)).argmax() * 60000
    gaps = np.flatnonzero(d > step)
    dups = np.flatnonzero(d == 0)
    order = np.flatnonzero(d < 0)
    bad_ohlc = np.flatnonzero((h < np.maximum(o, c)) | (l > np.minimum(o, c)) | (h < l))
    invalid = np.flatnonzero(~(o > 0) | ~(h > 0) | ~(l > 0) | ~(c > 0) | ~(v >= 0))
    r = pd.Series(c).pct_change()
    med = r.rolling(128, min_periods=16).median()
    mad = (r - med).abs().rolling(128, min_periods=16).median() * 1.4826
    outliers = np.flatnonzero(((r - med).abs() / mad.clip(lower=5e-4)) > 12)
    return len(df), len(gaps), len(dups), len(order), len(bad_ohlc), len(invalid), len(outliers)


if __name__ == "__main__":
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for _ in range(runs):
        t0 = time.perf_counter()
        result = check(path)
        print(f"pandas {pd.__version__} + pyarrow: {time.perf_counter() - t0:.3f} s read + checks, rows/gaps/dups/order/ohlc/invalid/outliers = {result}")
