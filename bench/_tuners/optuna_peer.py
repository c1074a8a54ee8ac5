"""Optuna 3.1 peer for bench/tuners.bench.ts: the same test functions, bounds, seeds and trial budget.

Run by the bench with Debian's interpreter; by hand:
    /usr/bin/python3 bench/_tuners/optuna_peer.py --seeds 20 --trials 50 --functions Branin,Hartmann6
Prints one JSON object on stdout:
    {"optuna": version, "regret": {function: {sampler: [regret per seed]}},
     "costMs": {sampler: median ms per trial of a 100-trial, 10-parameter study}}
The functions are those of bench/_tuners/functions.ts (Surjanovic & Bingham's virtual library).
"""
import argparse
import json
import math
import time
import warnings

import numpy as np
import optuna

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.ERROR)


def branin(x):
    a, b, c, r, s, t = 1.0, 5.1 / (4 * math.pi**2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    return a * (x[1] - b * x[0] ** 2 + c * x[0] - r) ** 2 + s * (1 - t) * math.cos(x[0]) + s


ALPHA = [1.0, 1.2, 3.0, 3.2]
H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
H3_P = [[v * 1e-4 for v in r] for r in [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]]
H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [
    [v * 1e-4 for v in r]
    for r in [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
]


def hartmann(a, p, x):
    return -sum(ALPHA[i] * math.exp(-sum(a[i][j] * (x[j] - p[i][j]) ** 2 for j in range(len(x)))) for i in range(4))


def camel(x):
    x1, x2 = x
    return (4 - 2.1 * x1**2 + x1**4 / 3) * x1**2 + x1 * x2 + (-4 + 4 * x2**2) * x2**2


FUNCTIONS = {
    "Branin": ([(-5.0, 10.0), (0.0, 15.0)], 0.397887357729739, branin),
    "Hartmann6": ([(0.0, 1.0)] * 6, -3.32236801141551, lambda x: hartmann(H6_A, H6_P, x)),
    "Hartmann3": ([(0.0, 1.0)] * 3, -3.86278214782076, lambda x: hartmann(H3_A, H3_P, x)),
    "SixHumpCamel": ([(-3.0, 3.0), (-2.0, 2.0)], -1.031628453489877, camel),
}

SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe-multivariate": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
}


def regret(name, sampler, seed, trials):
    bounds, minimum, f = FUNCTIONS[name]

    def objective(trial):
        return f([trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)])

    study = optuna.create_study(sampler=SAMPLERS[sampler](seed))
    study.optimize(objective, n_trials=trials)
    return study.best_value - minimum


def cost(sampler, seeds, trials=100, params=10):
    """Median over seeds of the mean wall time per trial of a whole study (sampler + study overhead)."""
    per_trial = []
    for seed in range(seeds):
        study = optuna.create_study(sampler=SAMPLERS[sampler](seed))
        objective = lambda t: sum(t.suggest_float(f"x{i}", -5.0, 5.0) ** 2 for i in range(params))
        t0 = time.perf_counter()
        study.optimize(objective, n_trials=trials)
        per_trial.append((time.perf_counter() - t0) * 1000 / trials)
    return float(np.median(per_trial))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--seed0", type=int, default=0, help="first seed")
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--functions", default=",".join(FUNCTIONS))
    ap.add_argument("--samplers", default="random,tpe")
    ap.add_argument("--cost-seeds", type=int, default=3)
    ap.add_argument("--cost-samplers", default="tpe")
    args = ap.parse_args()
    out = {"optuna": optuna.__version__, "regret": {}, "costMs": {}}
    for name in [f for f in args.functions.split(",") if f]:
        out["regret"][name] = {s: [regret(name, s, seed, args.trials) for seed in range(args.seed0, args.seed0 + args.seeds)] for s in args.samplers.split(",") if s}
    for s in [s for s in args.cost_samplers.split(",") if s]:
        out["costMs"][s] = cost(s, args.cost_seeds)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
