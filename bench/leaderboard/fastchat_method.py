#!/usr/bin/env python3
"""Timing baseline: Chatbot Arena's own leaderboard method on prefkit's benchmark logs.

Usage (from the repository root; needs numpy and scipy, not pandas):

    python3 bench/leaderboard/fastchat_method.py bench/data/battles-3m.jsonl --rounds 1000 --processes 2

What is timed (wall clock, time.perf_counter, Python start-up and imports excluded)
---------------------------------------------------------------------------------
FastChat `compute_bt` + `compute_bootstrap_bt` (fastchat/serve/monitor/rating_systems.py at
lm-sys/FastChat commit 2bdb2e0c). The fit functions are copied from prefkit's reference
re-implementation test/fixtures/reference/fastchat_bt.py (checked against FastChat's code);
they are copied, not imported, so this script stands alone.

  reading      FastChat reads the battle log with pandas `read_json`. pandas is not available
               here, so the log is read as JSON Lines with a plain
               `for line in f: json.loads(line)` loop keeping model_a, model_b and winner. This
               is the fairest pandas-free equivalent (the json module's parser is C; only the
               loop and the three list appends are Python).
  aggregation  FastChat `preprocess_for_bt`: model ids by first appearance over
               concat(model_a, model_b) (pandas.factorize), an int32 (N, 3) schedule
               (a_id, b_id, outcome_id with 2 = "model_a", 0 = "model_b", 1 = anything else),
               then np.unique(axis=0, return_counts=True) -> unique rows + counts. factorize and
               the `winner == "model_a"` masks are C in pandas; here they are a dict look-up
               comprehension and a numpy string comparison, so this stage is also printed in two
               parts (encode = the pandas stand-in, unique = np.unique exactly as FastChat).
  fit          FastChat `fit_bt` on the aggregated rows with raw counts as weights:
               scipy L-BFGS-B, x0 = 0, maxiter 100, gtol 1e-6, alpha = ln 10; then
               `scale_and_offset` (400 r + 1000; the mixtral anchor is absent from these logs).
  bootstrap    FastChat `compute_bootstrap_bt` minus its own preprocess_for_bt call:
               rng = np.random.default_rng(seed=0); rng.multinomial(N, w / sum(w),
               size=rounds); weights = counts / N; every round refit with fit_bt in a
               multiprocessing Pool(processes) via imap_unordered (pool start-up and the
               multinomial draw are inside the timing; FastChat's tqdm progress bar is not).
  total        reading + aggregation + fit + bootstrap. FastChat's compute_bootstrap_bt calls
               preprocess_for_bt again on the DataFrame; a literal FastChat run would therefore
               pay the aggregation a second time (printed as "total + 2nd aggregation").

BLAS threads: scipy's L-BFGS-B core (setulb) calls BLAS/LAPACK; with the pip wheels' OpenBLAS
at its default thread count (one per core) every tiny n = 100 call pays threading costs (a
profile shows setulb, not the loss, dominating a bootstrap round), and 2 pool processes x 2
OpenBLAS threads oversubscribe a 2-core machine. On this machine one bootstrap round took
~50 ms single-process by default versus ~13 ms with OPENBLAS_NUM_THREADS=1. FastChat does not
set it, so the plain command measures FastChat as shipped; `OPENBLAS_NUM_THREADS=1 python3 ...`
measures it with BLAS pinned to one thread per process. The value in effect is printed.

Printed: the timings (wall, and CPU = user + system of this process and its pool workers, which
helps tell contention from work on a shared machine), os.getloadavg() before and after, peak RSS (ru_maxrss of this process and
of its largest waited-for child), and the top 5 point ratings with the bootstrap median and
2.5% / 97.5% quantiles (numpy default linear interpolation, as pandas' quantile).
"""

import argparse
import json
import math
import multiprocessing as mp
import os
import resource
import sys
import time
from functools import partial

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

BASE = 10.0
SCALE = 400.0
INIT = 1000.0
ALPHA = math.log(BASE)  # ln 10: logit = ALPHA * (r_a - r_b)
TOL = 1e-6
MAXITER = 100
ANCHOR_MODEL = "mixtral-8x7b-instruct-v0.1"
ANCHOR_RATING = 1114.0


# --------------------------------------------------------------------------- reading


def read_log(path):
    """Return (model_a list, model_b list, winner list) from a JSONL battle log."""
    model_a, model_b, winner = [], [], []
    loads = json.loads
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = loads(line)
            model_a.append(rec["model_a"])
            model_b.append(rec["model_b"])
            winner.append(rec["winner"])
    return model_a, model_b, winner


# --------------------------------------------------------------------------- aggregation


def encode(model_a, model_b, winner):
    """Stand-in for pandas.factorize(concat([model_a, model_b])) + the winner masks.

    Returns FastChat's int32 (N, 3) schedule and the model names in first-appearance order.
    """
    index = {}
    n = len(model_a)
    schedule = np.ones((n, 3), dtype=np.int32)
    # first appearance scanning model_a, then model_b (pandas.factorize on the concatenation)
    for name in model_a:
        if name not in index:
            index[name] = len(index)
    for name in model_b:
        if name not in index:
            index[name] = len(index)
    get = index.__getitem__
    schedule[:, 0] = np.fromiter(map(get, model_a), dtype=np.int32, count=n)
    schedule[:, 1] = np.fromiter(map(get, model_b), dtype=np.int32, count=n)
    w = np.array(winner)
    schedule[w == "model_a", 2] = 2
    schedule[w == "model_b", 2] = 0
    return schedule, list(index)


def unique_rows(schedule):
    """FastChat preprocess_for_bt, after the schedule is built."""
    rows, counts = np.unique(schedule, return_counts=True, axis=0)
    return rows[:, [0, 1]], rows[:, 2].astype(np.float64) / 2.0, counts.astype(np.float64)


# --------------------------------------------------------------------------- BT fit


def bt_loss_grad(r, pairs, y, w, alpha=ALPHA):
    """Summed weighted cross-entropy and its gradient (same arithmetic as FastChat)."""
    rp = r[pairs]
    p = expit(alpha * (rp[:, 0] - rp[:, 1]))
    loss = -((np.log(p) * y + np.log(1.0 - p) * (1.0 - y)) * w).sum()
    g_row = -alpha * (y - p) * w
    grad = np.zeros_like(r)
    np.add.at(grad, pairs, g_row[:, None] * np.array([1.0, -1.0]))
    return loss, grad


def fit_fastchat(pairs, y, w, n):
    return minimize(
        fun=bt_loss_grad,
        x0=np.zeros(n, dtype=np.float64),
        args=(pairs, y, w, ALPHA),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": MAXITER, "gtol": TOL},
    )


def fit_bt_x(pairs, y, n, w):
    """FastChat fit_bt (returns result["x"]); argument order suits partial() + imap_unordered."""
    return fit_fastchat(pairs, y, w, n).x


def to_elo(r, models):
    """FastChat scale_and_offset."""
    elo = r * SCALE + INIT
    if ANCHOR_MODEL in models:
        elo = elo + (ANCHOR_RATING - elo[..., [models.index(ANCHOR_MODEL)]])
    return elo


# --------------------------------------------------------------------------- bootstrap


def bootstrap(pairs, y, w, n_models, n_battles, rounds, processes):
    rng = np.random.default_rng(seed=0)
    draws = rng.multinomial(n=n_battles, pvals=w / w.sum(), size=rounds)
    boot_w = draws.astype(np.float64) / n_battles
    fn = partial(fit_bt_x, pairs, y, n_models)
    with mp.Pool(processes) as pool:
        results = list(pool.imap_unordered(fn, boot_w))
    return np.array(results)


# --------------------------------------------------------------------------- main


def cpu_seconds():
    """User + system CPU of this process (all its threads) plus its reaped children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--top", type=int, default=5)
    args = ap.parse_args()

    load_before = loadavg()
    c0, t0 = cpu_seconds(), time.perf_counter()
    model_a, model_b, winner = read_log(args.file)
    c1, t1 = cpu_seconds(), time.perf_counter()
    schedule, models = encode(model_a, model_b, winner)
    t2 = time.perf_counter()
    pairs, y, w = unique_rows(schedule)
    c3, t3 = cpu_seconds(), time.perf_counter()
    res = fit_fastchat(pairs, y, w, len(models))
    elo = to_elo(res.x, models)
    c4, t4 = cpu_seconds(), time.perf_counter()
    boot = to_elo(
        bootstrap(pairs, y, w, len(models), len(winner), args.rounds, args.processes), models
    )
    c5, t5 = cpu_seconds(), time.perf_counter()
    load_after = loadavg()

    read_s, enc_s, uniq_s, fit_s, boot_s = t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4
    agg_s = enc_s + uniq_s
    total = t5 - t0
    size_mb = os.path.getsize(args.file) / 1e6
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    print(f"file        {args.file} ({size_mb:.1f} MB, {len(winner)} battles, "
          f"{len(models)} models, {len(w)} unique (a, b, outcome) rows)")
    print(f"python      {sys.version.split()[0]}  numpy {np.__version__}  "
          f"start method {mp.get_start_method()}  cpus {os.cpu_count()}")
    print(f"blas        OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')} "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print(f"loadavg     before {load_before}  after {load_after}")
    print("stage            wall       cpu")
    print(f"reading     {read_s:9.3f} s {c1 - c0:9.3f} s   (json.loads line loop)")
    print(f"aggregation {agg_s:9.3f} s {c3 - c1:9.3f} s   "
          f"(encode {enc_s:.3f} s + np.unique {uniq_s:.3f} s)")
    print(f"fit         {fit_s:9.3f} s {c4 - c3:9.3f} s   "
          f"(L-BFGS-B nit={res.nit} nfev={res.nfev}: {res.message})")
    print(f"bootstrap   {boot_s:9.3f} s {c5 - c4:9.3f} s   ({args.rounds} rounds, "
          f"{args.processes} processes, {1000 * boot_s / max(args.rounds, 1):.1f} ms/round wall)")
    print(f"total       {total:9.3f} s {c5 - c0:9.3f} s   "
          f"(+ 2nd aggregation as in FastChat: {total + agg_s:.3f} s wall)")
    print(f"peak RSS    self {self_kb / 1024:.0f} MB, largest child {child_kb / 1024:.0f} MB")
    print()
    print(f"top {args.top} (point fit; bootstrap median [2.5%, 97.5%])")
    order = np.argsort(-elo, kind="stable")
    for i in order[: args.top]:
        col = boot[:, i]
        print(f"  {models[i]:24s} {elo[i]:9.2f}   {np.median(col):9.2f} "
              f"[{np.quantile(col, 0.025):.2f}, {np.quantile(col, 0.975):.2f}]")


if __name__ == "__main__":
    main()
