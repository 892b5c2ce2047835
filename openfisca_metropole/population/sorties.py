"""Writing a population run's results: per-person rows with their famille's and menage's outputs,
written to a temporary file in the same folder then renamed, so an interrupted run leaves no half
file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openfisca_metropole.erreurs import ErreurMetropole


def table_par_personne(resultats):
    """One row per person: the person's outputs, then those of her famille and menage."""
    familles = resultats.familles.drop(columns=["menage_id", "poids"], errors="ignore")
    menages = resultats.menages.drop(columns=["poids"], errors="ignore")
    table = resultats.individus.merge(familles, on="famille_id", how="left", suffixes=("", "_famille"))
    return table.merge(menages, on="menage_id", how="left", suffixes=("", "_menage"))


def ecrit(resultats, chemin: str | Path) -> None:
    """Write the per-person results of a run (.parquet or .csv), atomically."""
    ecrit_table(table_par_personne(resultats), chemin)


def ecrit_table(table, chemin: str | Path) -> None:
    """Write ``table`` (.parquet or .csv) to a temporary file beside ``chemin``, then rename it."""
    chemin = Path(chemin)
    suffixe = chemin.suffix.lower()
    if suffixe not in (".parquet", ".csv"):
        raise ErreurMetropole(f"{chemin}: expected a .parquet or .csv output")
    dossier = chemin.parent if str(chemin.parent) else Path(".")
    if not dossier.is_dir():
        raise ErreurMetropole(f"{chemin}: the folder {dossier} does not exist")
    descripteur, temporaire = tempfile.mkstemp(prefix=f".{chemin.name}.", dir=dossier)
    os.close(descripteur)
    try:
        if suffixe == ".parquet":
            table.to_parquet(temporaire, index=False)
        else:
            table.to_csv(temporaire, index=False)
        os.replace(temporaire, chemin)
    finally:
        if os.path.exists(temporaire):
            os.remove(temporaire)
