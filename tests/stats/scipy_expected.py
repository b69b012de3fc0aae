#!/usr/bin/env python3
"""Writes tests/stats/expected.json: reference values from scipy for the fairness statistics.

The vitest suite reads only the JSON this writes (CI has no scipy), so regenerate and commit both
together:  python3 tests/stats/scipy_expected.py   (needs python3-scipy, e.g. apt-get install python3-scipy)

Breakdowns are given as counts per group in box order Exceeding, High Performing, Achieving,
Partially Met. For each we record what shared/stats/breakdown.ts must reproduce:
- Pearson chi-square (correction=False) over the compared groups, boxes empty in every compared
  group left out; None when fewer than 2 groups or 2 boxes remain;
- per compared group, two-sided Fisher's exact test on (this group vs the other compared groups)
  x (top = Exceeding + High Performing vs not), and the same for bottom = Partially Met.
"""

import json
import platform
import random
from pathlib import Path

import numpy as np
import scipy
from scipy.stats import chi2, chi2_contingency, fisher_exact

NOT_COMPARED = {"not recorded", "prefer not to say", "unknown", "not declared"}

BREAKDOWNS = {
    # Small n: several expected counts below 5, and a not-compared group.
    "small_working_pattern": {
        "Full time": [2, 5, 20, 1],
        "Part time": [3, 5, 28, 4],
        "Prefer not to say": [0, 1, 2, 0],
    },
    # No compared group has anyone in Exceeding (that box is left out of the test),
    # though the not-compared group does.
    "empty_exceeding_box": {
        "Asian": [0, 3, 10, 1],
        "Black": [0, 6, 12, 2],
        "Mixed": [0, 1, 7, 0],
        "White": [0, 9, 30, 2],
        "Not recorded": [1, 0, 1, 0],
    },
    # Large n (about 10,000) with real differences: tiny p-values.
    "large_age_band": {
        "16-29": [150, 500, 1200, 110],
        "30-39": [300, 900, 1800, 120],
        "40-49": [280, 850, 1700, 130],
        "50-59": [180, 600, 1500, 170],
        "60+": [40, 120, 300, 50],
    },
    # Groups of 1 to 4 people.
    "tiny_groups": {
        "X": [1, 0, 1, 0],
        "Y": [0, 1, 1, 1],
        "Z": [0, 0, 2, 0],
    },
    # Equal group sizes, top counts 3 and 7 of 10: the hypergeometric is symmetric, so the
    # observed table ties exactly with its mirror image.
    "fisher_tie_small": {
        "A": [1, 2, 6, 1],
        "B": [3, 4, 2, 1],
    },
    # The same tie at n = 10,000: 2,600 vs 2,400 top of 5,000 each.
    "fisher_tie_large": {
        "A": [1300, 1300, 2200, 200],
        "B": [1200, 1200, 2400, 200],
    },
    # Nobody in the top two boxes at all, and one group with nobody Partially Met.
    "no_top_markings": {
        "Female": [0, 0, 5, 1],
        "Male": [0, 0, 7, 0],
    },
    # Only one compared group: nothing to test.
    "one_compared_group": {
        "Disabled": [1, 2, 5, 1],
        "Prefer not to say": [0, 1, 3, 0],
    },
    # Identical distributions: chi-square 0, p = 1.
    "identical": {
        "Gay or lesbian": [1, 2, 6, 1],
        "Heterosexual": [2, 4, 12, 2],
        "Bisexual": [1, 2, 6, 1],
    },
}


def is_compared(name):
    return name.strip().lower() not in NOT_COMPARED


def breakdown_expected(groups):
    compared = {name: counts for name, counts in groups.items() if is_compared(name)}
    table = np.array(list(compared.values()), dtype=np.int64).reshape(len(compared), 4)
    kept = table[:, table.sum(axis=0) > 0] if len(compared) else table
    chi = None
    if kept.shape[0] >= 2 and kept.shape[1] >= 2:
        res = chi2_contingency(kept, correction=False)
        chi = {
            "statistic": float(res.statistic),
            "df": int(res.dof),
            "p_value": float(res.pvalue),
            "min_expected": float(res.expected_freq.min()),
        }
    fisher = {}
    if len(compared) >= 2:
        total_n = int(table.sum())
        total_top = int(table[:, 0:2].sum())
        total_bottom = int(table[:, 3].sum())
        for name, counts in compared.items():
            n = sum(counts)
            top = counts[0] + counts[1]
            bottom = counts[3]
            others_n = total_n - n
            top_p = fisher_exact([[top, n - top], [total_top - top, others_n - (total_top - top)]]).pvalue
            bottom_p = fisher_exact(
                [[bottom, n - bottom], [total_bottom - bottom, others_n - (total_bottom - bottom)]]
            ).pvalue
            fisher[name] = {"top_p": float(top_p), "bottom_p": float(bottom_p)}
    return {"groups": groups, "chi_square": chi, "fisher": fisher}


def fisher_tables():
    fixed = [
        [[3, 2], [2, 3]],  # symmetric: exact tie between 3 and 2
        [[1, 9], [11, 3]],
        [[8, 2], [1, 5]],
        [[0, 5], [5, 0]],
        [[10, 0], [0, 10]],
        [[1, 0], [0, 1]],
        [[7, 12], [0, 15]],
        [[0, 0], [3, 4]],  # empty row: p = 1
        [[2, 3], [0, 0]],
        [[5, 5], [5, 5]],  # observed at the mode
        [[2600, 2400], [2400, 2600]],  # symmetric tie at n = 10,000
        [[2499, 2501], [2501, 2499]],
        [[100, 9900], [150, 9850]],
        [[5000, 45000], [5500, 44500]],  # n = 100,000
        [[1, 99999], [10, 99990]],
        [[20, 30], [30, 20]],
        [[1, 2], [3, 4]],
    ]
    rng = random.Random(20240601)
    randoms = []
    for size in [6, 12, 25, 60, 150, 400, 2000]:
        for _ in range(6):
            cells = [rng.randint(0, size) for _ in range(4)]
            randoms.append([[cells[0], cells[1]], [cells[2], cells[3]]])
    out = []
    for table in fixed + randoms:
        out.append({"table": table, "p": float(fisher_exact(table).pvalue)})
    return out


def chi_square_tables():
    tables = [
        [[10, 20], [30, 40]],
        [[3, 5, 20, 1], [2, 5, 28, 4]],
        [[12, 0, 7], [3, 9, 2], [1, 1, 14]],
        [[500, 1500, 3000, 200], [450, 1600, 2900, 260], [80, 200, 700, 90]],
        [[1, 0], [0, 1]],
    ]
    out = []
    for table in tables:
        res = chi2_contingency(np.array(table), correction=False)
        out.append(
            {
                "table": table,
                "statistic": float(res.statistic),
                "df": int(res.dof),
                "p_value": float(res.pvalue),
                "min_expected": float(res.expected_freq.min()),
            }
        )
    return out


def chi2_survival_grid():
    out = []
    for df in [1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 33, 50, 100, 201, 300]:
        for factor in [0.001, 0.01, 0.1, 0.5, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0, 5.0, 10.0]:
            x = df * factor
            out.append({"x": x, "df": df, "sf": float(chi2.sf(x, df))})
    for x, df in [(3.841458820694124, 1), (0.0, 3), (1e-8, 1), (1000.0, 1), (1200.0, 3), (50.0, 2), (0.5, 80)]:
        out.append({"x": x, "df": df, "sf": float(chi2.sf(x, df))})
    return out


def main():
    result = {
        "generated_by": "tests/stats/scipy_expected.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "breakdowns": {name: breakdown_expected(groups) for name, groups in BREAKDOWNS.items()},
        "fisher_tables": fisher_tables(),
        "chi_square_tables": chi_square_tables(),
        "chi2_survival": chi2_survival_grid(),
    }
    path = Path(__file__).with_name("expected.json")
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
