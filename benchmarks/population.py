"""Benchmark of whole-population runs: persons per second and peak memory for the synthetic
Métropole de Lyon at 10 k, 100 k, 1 M persons and in full, one month, every program; and the ratio
against openfisca-france computing rsa, ppa, cmu_c and css_participation_forfaitaire on the same
100 k persons.

    python benchmarks/population.py                 # everything, writes benchmarks/RESULTS.md
    python benchmarks/population.py --sans-france   # without the openfisca-france ratio

Each measure runs in its own process, so that its peak memory (ru_maxrss) is its own. openfisca-france
is a development dependency (pip install -e ".[dev]"). Figures are recorded, never asserted: this
machine's timings vary by ±30 % from one run to the next.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from resultats import remplace_section

ICI = Path(__file__).resolve().parent
PERIODE = "2025-06"
TAILLES = [10_000, 100_000, 1_000_000, None]  # None: the whole territory
SORTIES_FRANCE = ["rsa", "ppa", "cmu_c", "css_participation_forfaitaire"]
# Inputs of the synthetic table that openfisca-france knows under the same name and meaning (the
# family benefits are computed by both engines).
COMMUNES_FRANCE = ["date_naissance", "activite", "salaire_net", "chomage_net", "retraite_nette",
                   "statut_occupation_logement", "loyer", "depcom", "aide_logement"]
REPETITIONS = 3


def _memoire_gio() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def mesure_metropole(personnes: int | None, sorties: list[str] | None) -> dict:
    """One measure in this process: generation, then the run (validation, build, compute, results);
    the best of REPETITIONS runs."""
    from openfisca_metropole.population import simule
    from openfisca_metropole.population.synthetique import genere
    from openfisca_metropole.situation import systeme

    debut = time.perf_counter()
    tbs = systeme()
    chargement = time.perf_counter() - debut
    debut = time.perf_counter()
    table = genere("lyon", PERIODE, personnes=personnes)
    generation = time.perf_counter() - debut
    essais = []
    for _ in range(REPETITIONS):
        debut = time.perf_counter()
        resultats = simule(table, PERIODE, sorties, tbs=tbs)
        essais.append((time.perf_counter() - debut, resultats.durees))
    duree, phases = min(essais, key=lambda essai: essai[0])
    return {"personnes": len(table), "chargement_s": chargement, "generation_s": generation,
            "calcul_s": duree, "calcul_s_tous": [e[0] for e in essais], "phases_s": phases,
            "memoire_gio": _memoire_gio()}


def _tableaux_france(table, tbs, mois):
    """An openfisca-france simulation of ``table`` built from arrays, with the same inputs over
    the same months (M-13..M), a foyer fiscal per famille."""
    import numpy as np
    import pandas as pd
    from openfisca_core import periods
    from openfisca_core.simulations import SimulationBuilder

    n = len(table)
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("individu", np.arange(n))
    roles_foyer = {"demandeur": 0, "conjoint": 1, "enfant": 2}
    for entite, colonne_id, colonne_role in (("famille", "famille_id", "famille_role"),
                                             ("foyer_fiscal", "famille_id", "famille_role"),
                                             ("menage", "menage_id", "menage_role")):
        codes, uniques = pd.factorize(table[colonne_id])
        cles = [r.key for r in next(e for e in tbs.entities if e.key == entite).flattened_roles]
        rangs = roles_foyer if entite == "foyer_fiscal" else {c: i for i, c in enumerate(cles)}
        role = table[colonne_role].astype(str).map(rangs).to_numpy(dtype=np.int32)
        instance = builder.declare_entity(entite, np.arange(len(uniques)))
        builder.join_with_persons(instance, codes, role)
    simulation = builder.build(tbs)
    simulation.trace = False
    premieres = {"individu": np.arange(n)}
    for entite, colonne_id in (("famille", "famille_id"), ("menage", "menage_id")):
        codes, _ = pd.factorize(table[colonne_id])
        _, premieres[entite] = np.unique(codes, return_index=True)
    mois_lus = [mois.offset(-k, "month") for k in range(13, -1, -1)]
    for nom in COMMUNES_FRANCE:
        variable = tbs.variables[nom]
        colonne = table[nom].iloc[premieres[variable.entity.key]]
        if variable.value_type.__name__ == "date":
            simulation.set_input(nom, periods.period("ETERNITY"), colonne.to_numpy(dtype="datetime64[D]"))
            continue
        if getattr(variable, "possible_values", None) is not None:
            indices = {item.name: item.index for item in variable.possible_values}
            valeurs = colonne.astype(str).map(indices).to_numpy(dtype=np.int16)
        elif variable.value_type is str:
            valeurs = colonne.astype(str).to_numpy().astype(variable.dtype)
        else:
            valeurs = colonne.to_numpy().astype(variable.dtype)
        for m in mois_lus:
            simulation.set_input(nom, m, valeurs)
    return simulation


def mesure_france(personnes: int) -> dict:
    import warnings

    warnings.filterwarnings("ignore")
    from openfisca_core import periods
    from openfisca_france import FranceTaxBenefitSystem

    from openfisca_metropole.population.synthetique import genere

    tbs = FranceTaxBenefitSystem()
    table = genere("lyon", PERIODE, personnes=personnes)
    mois = periods.period(PERIODE)
    debut = time.perf_counter()
    simulation = _tableaux_france(table, tbs, mois)
    for nom in SORTIES_FRANCE:
        simulation.calculate(nom, mois)
    duree = time.perf_counter() - debut
    return {"personnes": len(table), "calcul_s": duree, "memoire_gio": _memoire_gio()}


def _dans_un_processus(arguments: list[str]) -> dict:
    sortie = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True, check=True)
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def _versions() -> str:
    from importlib.metadata import version

    paquets = ["openfisca-core", "numpy", "pandas"]
    try:
        version("openfisca-france")
        paquets.append("openfisca-france")
    except Exception:
        pass
    return ", ".join(f"{p} {version(p)}" for p in paquets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sans-france", action="store_true", help="skip the openfisca-france ratio")
    parser.add_argument("--une", help=argparse.SUPPRESS)  # internal: one measure, JSON on stdout
    parser.add_argument("--france", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sorties", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.une is not None:
        taille = None if arguments.une == "tout" else int(arguments.une)
        sorties = arguments.sorties.split(",") if arguments.sorties else None
        print(json.dumps(mesure_metropole(taille, sorties)))
        return
    if arguments.france is not None:
        print(json.dumps(mesure_france(arguments.france)))
        return

    lignes = []
    for taille in TAILLES:
        mesure = _dans_un_processus(["--une", "tout" if taille is None else str(taille)])
        lignes.append(mesure)
        print(f"{mesure['personnes']:>9} persons: run {mesure['calcul_s']:.2f} s "
              f"({mesure['personnes'] / mesure['calcul_s']:,.0f} persons/s), generation {mesure['generation_s']:.2f} s, "
              f"peak {mesure['memoire_gio']:.2f} GiB", flush=True)
    ratio = None
    if not arguments.sans_france:
        nous = _dans_un_processus(["--une", "100000", "--sorties", ",".join(SORTIES_FRANCE)])
        france = _dans_un_processus(["--france", "100000"])
        ratio = (nous, france)
        print(f"openfisca-france: {france['personnes'] / france['calcul_s']:,.0f} persons/s, "
              f"openfisca-metropole: {nous['personnes'] / nous['calcul_s']:,.0f} persons/s, "
              f"ratio {france['calcul_s'] / nous['calcul_s']:.0f}x", flush=True)
    ecrit_resultats(lignes, ratio)


def ecrit_resultats(lignes: list[dict], ratio) -> None:
    fichier = ICI / "RESULTS.md"
    debut = "<!-- population:debut -->"
    fin = "<!-- population:fin -->"
    texte = [debut, "## Whole-population runs (`python benchmarks/population.py`)", "",
             f"Measured {datetime.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} CPUs, "
             f"Python {platform.python_version()}, {_versions()}. Synthetic Métropole de Lyon, month {PERIODE}, "
             f"every program's outputs (rsa, ppa, css_droit, css_participation_forfaitaire, iae_eligible_etti, "
             f"iae_eligible_ei); each size in its own process, {REPETITIONS} runs, the first one (what the CLI "
             f"does) and the best; end to end = generation + first run (the CLI adds about 1.5 s of imports and "
             f"loading the system). This machine's timings vary by up to ±30 % between identical runs.", "",
             "Run phases: validation; build (entities, roles, inputs set); compute (the formulas); "
             "assembly (result tables, freeing each chunk). Compute throughput = persons / (build + compute).", "",
             "| Persons | Generation (s) | First run (s) | Best run (s) | validation | build | compute | assembly | "
             "Persons/s (best run) | Persons/s (build + compute) | End to end, first run (s) | Peak memory (GiB) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for mesure in lignes:
        total = mesure["generation_s"] + mesure["calcul_s_tous"][0]
        phases = mesure["phases_s"]
        calcul = phases["construction"] + phases["calcul"]
        texte.append(f"| {mesure['personnes']:,} | {mesure['generation_s']:.2f} | {mesure['calcul_s_tous'][0]:.2f} | "
                     f"{mesure['calcul_s']:.2f} | "
                     f"{phases['validation']:.2f} | {phases['construction']:.2f} | {phases['calcul']:.2f} | "
                     f"{phases['assemblage']:.2f} | {mesure['personnes'] / mesure['calcul_s']:,.0f} | "
                     f"{mesure['personnes'] / calcul:,.0f} | {total:.2f} | {mesure['memoire_gio']:.2f} |")
    if ratio:
        nous, france = ratio
        texte += ["", f"Against openfisca-france, same {nous['personnes']:,} persons, same inputs over M-13..M, "
                  f"outputs {', '.join(SORTIES_FRANCE)} (build + compute; ours includes the validation):", "",
                  "| Engine | Time (s) | Persons/s | Peak memory (GiB) |", "|---|---:|---:|---:|",
                  f"| openfisca-france | {france['calcul_s']:.2f} | {france['personnes'] / france['calcul_s']:,.0f} | {france['memoire_gio']:.2f} |",
                  f"| openfisca-metropole | {nous['calcul_s']:.2f} | {nous['personnes'] / nous['calcul_s']:,.0f} | {nous['memoire_gio']:.2f} |",
                  "", f"Ratio: **{france['calcul_s'] / nous['calcul_s']:.0f}×**."]
    texte.append(fin)
    remplace_section(fichier, debut, fin, texte)


if __name__ == "__main__":
    main()
