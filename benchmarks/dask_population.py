"""Benchmark of the Dask engine: a synthetic France métropolitaine of 10 million persons generated as
a Parquet dataset, then run through a local Dask cluster, on this machine.

    python benchmarks/dask_population.py                         # 10 M persons, writes RESULTS.md
    python benchmarks/dask_population.py --personnes 1_000_000 --sans-ecrire

Both steps are the commands a user types, run in their own process:

    metropole population genere --territoire france --persons N --output DIR
    metropole simule DIR --period 2025-06 --engine dask --workers 2 --json

While each runs, the resident memory of its process and of every process it started (the Dask
workers) is read every 0.2 s: the peak of each worker and the peak of their sum with the client's.
That sum overstates the memory used (pages shared between processes count twice). Figures are
recorded, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from resultats import remplace_section

ICI = Path(__file__).resolve().parent
PERIODE = "2025-06"
GIO = 2**30


def _surveille(commande: list[str]) -> dict:
    """Run ``commande``; its wall time, output, and the peak memory of it and of its children."""
    debut = time.perf_counter()
    processus = subprocess.Popen(commande, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(processus.pid)
    pics: dict[int, float] = {}
    noms: dict[int, str] = {}
    pic_total = 0.0
    sortie: list[str] = []
    import threading

    lecteur = threading.Thread(target=lambda: sortie.append(processus.stdout.read()), daemon=True)
    lecteur.start()
    while processus.poll() is None:
        total = 0.0
        try:
            arbre = [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in arbre:
            try:
                rss = p.memory_info().rss
                if p.pid not in noms:
                    noms[p.pid] = "client" if p.pid == parent.pid else " ".join(p.cmdline()[:3])
            except psutil.NoSuchProcess:
                continue
            pics[p.pid] = max(pics.get(p.pid, 0.0), rss)
            total += rss
        pic_total = max(pic_total, total)
        time.sleep(0.2)
    lecteur.join()
    erreurs = processus.stderr.read()
    duree = time.perf_counter() - debut
    if processus.returncode != 0:
        sys.exit(f"{' '.join(commande)} failed ({processus.returncode}): {erreurs[-2000:]}")
    workers = {pid: pic for pid, pic in pics.items() if pid != parent.pid and pic > 200 * 2**20}
    return {
        "duree_s": duree,
        "sortie": "".join(sortie),
        "pic_client_gio": pics.get(parent.pid, 0.0) / GIO,
        "pics_workers_gio": sorted((pic / GIO for pic in workers.values()), reverse=True),
        "pic_total_gio": pic_total / GIO,
    }


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("--personnes", type=int, default=10_000_000)
    arguments.add_argument("--workers", type=int, default=2)
    arguments.add_argument("--dossier", type=Path, default=None, help="Where to write the dataset (default: a temporary folder, removed).")
    arguments.add_argument("--sans-ecrire", action="store_true", help="Print the figures without writing RESULTS.md.")
    options = arguments.parse_args()
    metropole = str(Path(sys.executable).with_name("metropole"))
    temporaire = options.dossier is None
    racine = Path(tempfile.mkdtemp(prefix="dask_population_")) if temporaire else options.dossier
    dossier = racine / "france"
    try:
        generation_cmd = [metropole, "population", "genere", "--territoire", "france", "--persons", str(options.personnes), "--output", str(dossier)]
        generation = _surveille(generation_cmd)
        print(generation["sortie"].strip(), f"({generation['duree_s']:.1f} s, peak {generation['pic_total_gio']:.2f} GiB)")
        fichiers = sorted(dossier.glob("*.parquet"))
        taille = sum(f.stat().st_size for f in fichiers) / GIO
        simule_cmd = [metropole, "simule", str(dossier), "--period", PERIODE, "--engine", "dask", "--workers", str(options.workers), "--json"]
        run = _surveille(simule_cmd)
        resume = json.loads(run["sortie"])
    finally:
        if temporaire:
            shutil.rmtree(racine, ignore_errors=True)
    personnes = int(resume["population"].split("(")[1].split()[0])
    total = resume["tables"]["total"][0]
    print(json.dumps({k: v for k, v in run.items() if k != "sortie"}, indent=2))
    print(f"{personnes} persons in {run['duree_s']:.1f} s: {personnes / run['duree_s']:,.0f} persons/s")
    from importlib.metadata import version

    import dask

    lignes = [
        "<!-- dask:debut -->",
        "## Dask engine: 10 M persons on a local cluster (`python benchmarks/dask_population.py`)",
        "",
        f"Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"openfisca-core {version('openfisca-core')}, dask {dask.__version__}. Synthetic France métropolitaine "
        f"({personnes:,} persons, {len(fichiers)} Parquet files of whole households, {taille:.2f} GiB), month {PERIODE}, every "
        f"program's outputs, local cluster of {options.workers} worker processes of one thread, one partition per file. "
        "Wall times are end to end in a fresh process (cluster start, each worker loading the system once, "
        "identifier checks over the dataset, the run, the summary). Memory: the peak resident memory of each "
        "process, read every 0.2 s; the total is the peak of their sum (shared pages counted twice).",
        "",
        f"    {' '.join(['metropole', *generation_cmd[1:-1], 'DIR'])}",
        f"    {' '.join(['metropole', *simule_cmd[1:2], 'DIR', *simule_cmd[3:]])}",
        "",
        "| Step | Wall time (s) | Persons/s | Peak per worker (GiB) | Peak of the client (GiB) | Peak total (GiB) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| generation (streamed, one file at a time) | {generation['duree_s']:.1f} | {personnes / generation['duree_s']:,.0f} | – | "
        f"{generation['pic_client_gio']:.2f} | {generation['pic_total_gio']:.2f} |",
        f"| run on Dask | {run['duree_s']:.1f} | {personnes / run['duree_s']:,.0f} | "
        f"{', '.join(f'{p:.2f}' for p in run['pics_workers_gio'])} | {run['pic_client_gio']:.2f} | {run['pic_total_gio']:.2f} |",
        "",
        f"Result: {total['RSA foyers']:,.0f} RSA households, {total['PPA foyers']:,.0f} with the prime d'activité, "
        f"{total['CSS foyers']:,.0f} entitled to the CSS (weighted to {total['Personnes']:,.0f} persons). Memory is bounded "
        "by the partition (one file, about 440 000 persons, run in chunks of 125 000) and does not grow with the "
        "number of files: the client holds one partial summary at a time.",
        "<!-- dask:fin -->",
    ]
    if options.sans_ecrire:
        print("\n".join(lignes))
    else:
        remplace_section(ICI / "RESULTS.md", "<!-- dask:debut -->", "<!-- dask:fin -->", lignes)


if __name__ == "__main__":
    main()
