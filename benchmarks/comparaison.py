"""Benchmark of `metropole compare` on the whole synthetic Métropole de Lyon: wall time end to end (the
command as a user runs it: imports, generation, two runs, tables) and peak memory, for the scenarios
the issue names; written to benchmarks/RESULTS.md. Figures are recorded, never asserted.

    python benchmarks/comparaison.py
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from resultats import remplace_section

ICI = Path(__file__).resolve().parent
PERIODE = "2025-06"
COMMANDES = [
    ["--reform", "css_automatique", "--recours", "draw"],
    ["--reform", "rsa_jeunes"],
    ["--reform", "rsa_jeunes", "--recours", "draw"],
]


def mesure(arguments: list[str]) -> dict:
    """One command in its own process: wall time and that process's peak memory (ru_maxrss)."""
    code = (
        "import resource, sys; from openfisca_metropole.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    debut = time.perf_counter()
    fini = subprocess.run(
        [sys.executable, "-c", code, "compare", *arguments, "--period", PERIODE, "--json"],
        capture_output=True, text=True, check=True,
    )
    duree = time.perf_counter() - debut
    return {"arguments": " ".join(arguments), "duree_s": duree, "memoire_gio": int(fini.stderr.strip().splitlines()[-1]) / 2**20}


def ecrit(mesures: list[dict]) -> None:
    fichier = ICI / "RESULTS.md"
    debut, fin = "<!-- comparaison:debut -->", "<!-- comparaison:fin -->"
    lignes = [
        debut, "## Comparisons (`python benchmarks/comparaison.py`)", "",
        f"Measured {datetime.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. `metropole compare ... --period {PERIODE} --json` on the whole synthetic "
        "Métropole de Lyon (1.43 million persons), end to end in a fresh process (imports, loading the systems, "
        "generation, the baseline and the reform runs, the tables). Target of issue 8: under 30 s.", "",
        "| Command | Wall time (s) | Peak memory (GiB) |", "|---|---:|---:|",
        *(f"| `metropole compare {m['arguments']}` | {m['duree_s']:.1f} | {m['memoire_gio']:.2f} |" for m in mesures),
        fin,
    ]
    remplace_section(fichier, debut, fin, lignes)


if __name__ == "__main__":
    resultats = []
    for arguments in COMMANDES:
        resultats.append(mesure(arguments))
        print(f"{resultats[-1]['arguments']}: {resultats[-1]['duree_s']:.1f} s, {resultats[-1]['memoire_gio']:.2f} GiB")
    ecrit(resultats)
    print("written:", ICI / "RESULTS.md")
