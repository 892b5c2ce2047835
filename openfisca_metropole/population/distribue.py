"""Population runs on Dask: the same population, partitioned by whole households, computed by the
workers of a local or remote Dask cluster with the code of the single-process run.

    from openfisca_metropole.population.distribue import session, simule_distribue
    with session() as client:                                   # a local cluster, one worker a CPU
        resultats = simule_distribue("population/", "2025-06", client)
    resultats.resume                                             # the summary, as simule(...).resume()

How a run goes:

1. The population is a Parquet dataset: one file, or a folder of files (read in the order of their
   paths). Each row gets its position in the dataset (``_rang``), read from the files' metadata.
2. The identifiers are checked over the whole dataset (a person on two rows, a famille or foyer
   fiscal in two menages: one line, nothing computed). When every menage lies within one file, each
   file is a partition; otherwise, or when ``partitions`` asks for another number, the rows are
   shuffled by ``menage_id`` (Dask's shuffle), so that each partition holds whole households.
3. Each partition is run by ``simule`` (population/simulation.py: validation, chunks of whole
   households, the same formulas) under the system of its worker: each worker process builds the
   system once, from the reform names and parameters it is sent (not from pickled systems), and keeps
   it for every partition it runs.
4. Each partition sends back its summary as exact sums (population/resume.py ``partiel``); the
   client adds them up as they arrive (``combine``): the summary is the one ``simule`` gives on the
   whole table, to the last bit. Take-up draws are keyed by famille id and seed, not by position.
   Per-entity tables are brought back only when asked (``garder``, for tests and small runs), in the
   order of the single-process run; ``sortie`` writes them as one Parquet file per partition instead.

A failed worker (a killed process, a lost machine) is replaced by Dask, which runs its partitions
again elsewhere: the results are the same.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.population.schema import GROUPES, ID_INDIVIDU

RANG = "_rang"  # position of a row in the dataset (0 = first row of the first file)
ATTENTE_SCHEDULER = 10  # seconds to wait for a remote scheduler's answer
# Rows per simulation chunk inside a partition: smaller than the single-process default, so that two
# workers on one machine stay within a few GiB.
TAILLE_MORCEAU_DASK = 125_000


def _dask():
    """Import Dask or say how to install it."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("dask") is None:
        raise ErreurMetropole("the Dask engine needs dask[distributed]: pip install 'openfisca-metropole[dask]'")


# --------------------------------------------------------------------------------------------------
# Reading the dataset


def fichiers_parquet(chemin: str | Path) -> list[Path]:
    """The Parquet files of a dataset: ``chemin`` itself, or the ``*.parquet`` files under the folder
    ``chemin`` (recursively, in path order; hidden files skipped)."""
    chemin = Path(chemin)
    if chemin.is_file():
        if chemin.suffix.lower() != ".parquet":
            raise ErreurMetropole(f"{chemin}: the Dask engine reads Parquet (a .parquet file or a folder of them)")
        return [chemin]
    if not chemin.is_dir():
        raise ErreurMetropole(f"{chemin}: no such file or folder")
    fichiers = sorted(
        f for f in chemin.rglob("*.parquet")
        if f.is_file() and not any(p.startswith((".", "_")) for p in f.relative_to(chemin).parts)
    )
    if not fichiers:
        raise ErreurMetropole(f"{chemin}: no .parquet file in this folder")
    return fichiers


def lit_dataset(chemin: str | Path) -> pd.DataFrame:
    """The whole dataset as one table, files in path order (the single-process engine's reading of
    a folder)."""
    from openfisca_metropole.population.simulation import lit

    fichiers = fichiers_parquet(chemin)
    if len(fichiers) == 1:
        return lit(fichiers[0])
    _colonnes(_pieces(fichiers))  # the same columns in every file, as the Dask engine asks
    return pd.concat([lit(f) for f in fichiers], ignore_index=True)


def _pieces(fichiers: list[Path]) -> list[tuple[str, int]]:
    """(file, position of its first row in the dataset) of each file, from the Parquet footers."""
    import pyarrow.parquet as pq

    pieces, debut = [], 0
    for fichier in fichiers:
        try:
            lignes = pq.ParquetFile(fichier).metadata.num_rows
        except (OSError, ValueError) as erreur:
            raise ErreurMetropole(f"{fichier}: cannot read the Parquet file ({erreur})") from erreur
        pieces.append((str(fichier), debut))
        debut += lignes
    return pieces


def lit_piece(piece: tuple[str, int], columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of one file with their position in the dataset (``_rang``)."""
    fichier, debut = piece
    colonnes = None if columns is None else [c for c in columns if c != RANG]
    table = pd.read_parquet(fichier, columns=colonnes)
    table[RANG] = np.arange(debut, debut + len(table), dtype=np.int64)
    return table


# --------------------------------------------------------------------------------------------------
# The system of each worker process


_SYSTEMES: dict = {}
_VERROU = threading.Lock()
CHARGEMENTS = {"nombre": 0}  # systems built in this process (tests check: once per worker)


def systeme_nomme(reformes: tuple[str, ...] = (), parametres: tuple[tuple[str, str], ...] = ()):
    """The system with the reforms ``reformes`` and their ``parametres``, built once per process and
    kept (a worker runs many partitions under the same system)."""
    cle = (tuple(reformes), tuple(parametres))
    with _VERROU:
        if cle not in _SYSTEMES:
            from openfisca_metropole.situation import systeme

            tbs = systeme()
            if reformes:
                from openfisca_metropole.reforms import applique

                tbs = applique(tbs, list(reformes), dict(parametres))
            _SYSTEMES[cle] = tbs
            CHARGEMENTS["nombre"] += 1
        return _SYSTEMES[cle]


# --------------------------------------------------------------------------------------------------
# The cluster


@contextlib.contextmanager
def session(scheduler: str | None = None, workers: int | None = None, memoire: str | None = None):
    """A Dask client: connected to the scheduler at ``scheduler`` (tcp://host:8786), or to a local
    cluster of ``workers`` processes (default: one per CPU) of one thread each; closed on exit."""
    _dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=ATTENTE_SCHEDULER)
        except (OSError, TimeoutError, ValueError) as erreur:
            raise ErreurMetropole(f"Dask scheduler {scheduler}: cannot connect within {ATTENTE_SCHEDULER} s ({erreur})") from erreur
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    # The statistical profiler samples every worker thread's stack every 10 ms: on openfisca's deep
    # stacks it slowed each partition about threefold.
    dask.config.set({"distributed.worker.profile.enabled": False})
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        memory_limit=memoire or "auto",
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


# --------------------------------------------------------------------------------------------------
# Partitioning by whole households


def _colonnes_fichier(fichier: str) -> list[str]:
    """The columns of a Parquet file, from its footer (a pandas index stored as columns left out)."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(fichier)
    index = {c for c in (schema.pandas_metadata or {}).get("index_columns", []) if isinstance(c, str)}
    return [c for c in schema.names if c not in index]


def _colonnes(pieces) -> list[str]:
    """The columns of the dataset: those of its first file, which every other file must have, no
    more and no fewer (one line naming the file and the columns, rather than Arrow's error)."""
    premier = pieces[0][0]
    colonnes = _colonnes_fichier(premier)
    for fichier, _ in pieces[1:]:
        autres = _colonnes_fichier(fichier)
        manquent = [c for c in colonnes if c not in autres]
        en_trop = [c for c in autres if c not in colonnes]
        if manquent or en_trop:
            ecarts = ([f"missing {', '.join(manquent)}"] if manquent else []) + (
                [f"extra {', '.join(en_trop)}"] if en_trop else []
            )
            raise ErreurMetropole(f"{fichier}: not the columns of {premier}: {'; '.join(ecarts)}")
    return colonnes


def _verifie_identifiants(pieces, colonnes: list[str]) -> bool:
    """Check the ids over the whole dataset; True when every menage lies within one file."""
    import dask
    import dask.dataframe as dd

    for colonne in (ID_INDIVIDU, GROUPES["famille"][0], GROUPES["menage"][0]):
        if colonne not in colonnes:
            raise ErreurMetropole(f"column {colonne}: missing: every person needs one")
    groupes = [GROUPES[e][0] for e in ("famille", "foyer_fiscal") if GROUPES[e][0] in colonnes]
    ids = dd.from_map(lit_piece, pieces, columns=[ID_INDIVIDU, "menage_id", *groupes], enforce_metadata=False)
    par_fichier = ids["menage_id"].map_partitions(lambda s: pd.Series([s.nunique()]), meta=(None, "int64")).sum()
    taches = {
        "lignes": ids[ID_INDIVIDU].count(),
        "individus": ids[ID_INDIVIDU].nunique(),
        "menages": ids["menage_id"].nunique(),
        "menages_par_fichier": par_fichier,
    }
    for groupe in groupes:
        taches[groupe] = ids[groupe].nunique()
        taches[f"{groupe}_paires"] = len(ids[[groupe, "menage_id"]].drop_duplicates())
    (comptes,) = dask.compute(taches)
    if comptes["individus"] != comptes["lignes"]:
        raise ErreurMetropole(
            f"column {ID_INDIVIDU}: {comptes['lignes'] - comptes['individus']} row(s) reuse an id of another row (a person in two places)"
        )
    for groupe in groupes:
        if comptes[f"{groupe}_paires"] != comptes[groupe]:
            raise ErreurMetropole(f"column {groupe}: {comptes[f'{groupe}_paires'] - comptes[groupe]} group(s) span several menages")
    return comptes["menages_par_fichier"] == comptes["menages"]


def partitions(chemin: str | Path, nombre: int | None = None) -> tuple[list, int, bool]:
    """The partitions of the dataset at ``chemin`` (Dask delayed tables holding whole households),
    the number of rows, and whether a shuffle was needed."""
    _dask()
    import dask.dataframe as dd

    pieces = _pieces(fichiers_parquet(chemin))
    lignes = _lignes_total(pieces)
    if lignes == 0:
        raise ErreurMetropole(f"{chemin}: the dataset holds no row")
    colonnes = _colonnes(pieces)
    entiers = _verifie_identifiants(pieces, colonnes)
    table = dd.from_map(lit_piece, pieces, enforce_metadata=False)
    melange = not entiers or (nombre is not None and nombre != len(pieces))
    if melange:
        table = table.shuffle("menage_id", npartitions=nombre or len(pieces))
    return table.to_delayed(), lignes, melange


def _lignes_total(pieces) -> int:
    import pyarrow.parquet as pq

    dernier, debut = pieces[-1]
    return debut + pq.ParquetFile(dernier).metadata.num_rows


# --------------------------------------------------------------------------------------------------
# One partition


@dataclass(frozen=True)
class Demande:
    """What every partition of a run is asked (sent to the workers: names and values only)."""

    periode: str
    variables: tuple[str, ...] | None = None
    strict: bool = True
    recours: str | None = None
    graine_recours: int | None = None
    reformes: tuple[str, ...] = ()
    parametres: tuple[tuple[str, str], ...] = ()
    garder: bool = False
    sortie: str | None = None
    taille_morceau: int = TAILLE_MORCEAU_DASK


def _cles(table: pd.DataFrame) -> dict[str, pd.Series]:
    """Per id: the dataset position of the first row of its menage and of itself; sorting by them
    gives the single-process run's order (rows grouped by menage in order of first appearance)."""
    menage = table.groupby("menage_id", sort=False)[RANG].min()
    famille = table.groupby("famille_id", sort=False)[RANG].min()
    individu = pd.Series(table[RANG].to_numpy(), index=table[ID_INDIVIDU].to_numpy())
    return {"menage": menage, "famille": famille, "individu": individu}


def _ordonne(cadre: pd.DataFrame, cles: dict, entite: str) -> pd.DataFrame:
    cadre = cadre.copy()
    cadre["_cle_menage"] = cles["menage"].reindex(cadre["menage_id"]).to_numpy()
    identifiant = {"individu": ID_INDIVIDU, "famille": "famille_id", "menage": "menage_id"}[entite]
    cadre["_cle"] = cles[entite].reindex(cadre[identifiant]).to_numpy()
    return cadre


def _erreurs_globales(erreur, rangs: np.ndarray) -> list:
    """The errors of a partition's validation, with the row numbers of the dataset."""
    for e in erreur.erreurs:
        if e.ligne is not None:
            e.ligne = int(rangs[e.ligne - 1]) + 1
    return erreur.erreurs


def calcule_partition(table: pd.DataFrame, numero: int, demande: Demande) -> dict:
    """Run one partition (whole households) as ``simule`` runs a table; its partial summary, and its
    tables when asked. Invalid rows come back as errors (with the dataset's row numbers), not raised."""
    from openfisca_metropole.population.resume import partiel
    from openfisca_metropole.population.simulation import ErreurPopulation, simule

    top = time.perf_counter()
    tbs = systeme_nomme(demande.reformes, demande.parametres)
    chargement = time.perf_counter() - top
    table = table.sort_values(RANG, kind="stable").reset_index(drop=True)
    rangs = table[RANG].to_numpy()
    cles = _cles(table) if demande.garder else None
    table = table.drop(columns=RANG)
    base = {"numero": numero, "pid": os.getpid(), "chargements": CHARGEMENTS["nombre"], "personnes": len(table)}
    if not len(table):
        return {**base, "partiel": None}
    try:
        resultats = simule(table, demande.periode, list(demande.variables) if demande.variables else None,
                           strict=demande.strict, taille_morceau=demande.taille_morceau, tbs=tbs)
    except ErreurPopulation as erreur:
        return {**base, "erreurs": _erreurs_globales(erreur, rangs)}
    if demande.recours is not None:
        resultats.avec_recours(demande.recours, tbs, demande.graine_recours)
    sortie = {**base, "partiel": partiel(resultats), "durees": {"systeme": chargement, **resultats.durees}}
    if demande.sortie:
        from openfisca_metropole.population.sorties import ecrit

        ecrit(resultats, Path(demande.sortie) / f"part-{numero:05d}.parquet")
    if demande.garder:
        sortie["cadres"] = {
            "individu": _ordonne(resultats.individus, cles, "individu"),
            "famille": _ordonne(resultats.familles, cles, "famille"),
            "menage": _ordonne(resultats.menages, cles, "menage"),
        }
    return sortie


# --------------------------------------------------------------------------------------------------
# A run


@dataclass
class ResultatsDistribues:
    """A Dask run: the summary (as ``Resultats.resume()``), and the per-entity tables when kept."""

    resume: dict
    personnes: int
    partitions: int
    melange: bool
    # pid of each worker process that ran partitions -> systems it had built when it ran its last one
    chargements: dict[int, int] = field(default_factory=dict)
    duree: float = 0.0
    individus: pd.DataFrame | None = None
    familles: pd.DataFrame | None = None
    menages: pd.DataFrame | None = None


def _rassemble(cadres: list[pd.DataFrame]) -> pd.DataFrame:
    """The partitions' tables as one, in the single-process run's order."""
    tout = pd.concat(cadres, ignore_index=True)
    ordre = np.lexsort((tout["_cle"].to_numpy(), tout["_cle_menage"].to_numpy()))
    return tout.iloc[ordre].drop(columns=["_cle", "_cle_menage"]).reset_index(drop=True)


def execute(client, chemin, demande: Demande, nombre: int | None = None, progression=None, traite=None, fonction=None):
    """Run ``fonction`` (default ``calcule_partition``) on every partition of the dataset at ``chemin``; call ``traite`` on
    each partition's answer as it arrives. Returns (persons, partitions, shuffled, loads per pid)."""
    import dask
    from distributed import as_completed

    parties, lignes, melange = partitions(chemin, nombre)
    if demande.sortie:
        dossier = Path(demande.sortie)
        if dossier.exists() and (not dossier.is_dir() or any(dossier.iterdir())):
            raise ErreurMetropole(f"{dossier}: expected a new or empty folder for the per-partition results")
        dossier.mkdir(parents=True, exist_ok=True)
    taches = [dask.delayed(fonction or calcule_partition)(partie, k, demande, dask_key_name=f"metropole-partition-{k}") for k, partie in enumerate(parties)]
    futurs = client.compute(taches)
    personnes, chargements, erreurs = 0, {}, []
    for futur, reponse in as_completed(futurs, with_results=True):
        futur.release()
        chargements[reponse["pid"]] = reponse["chargements"]
        if "erreurs" in reponse:
            erreurs += reponse["erreurs"]
            continue
        personnes += reponse["personnes"]
        if traite:
            traite(reponse)
        if progression:
            progression(personnes, lignes)
    if erreurs:
        from openfisca_metropole.population.simulation import ErreurPopulation

        # A file-wide error (a column) is found by every partition: said once.
        uniques = list({str(e): e for e in sorted(erreurs, key=lambda e: (e.ligne is not None, e.ligne or 0))}.values())
        raise ErreurPopulation(uniques)
    return personnes, len(parties), melange, chargements


def mois(period: str) -> str:
    """The month ``period`` as text, checked on the client as ``simule`` checks it."""
    from openfisca_metropole.population.simulation import mois_de_population

    return str(mois_de_population(period))


def simule_distribue(
    chemin: str | Path,
    period: str,
    client,
    variables: list[str] | None = None,
    strict: bool = True,
    recours: str | None = None,
    graine_recours: int | None = None,
    partitions: int | None = None,
    sortie: str | Path | None = None,
    garder: bool = False,
    progression=None,
) -> ResultatsDistribues:
    """Run the Parquet dataset at ``chemin`` for the month ``period`` on the Dask ``client``: the
    summary of ``simule`` (take-up mode ``recours`` applied), exactly; with ``garder``, the
    per-entity tables too; with ``sortie``, the per-person results as one Parquet file per partition
    in that folder."""
    from openfisca_metropole.population.recours import MODES
    from openfisca_metropole.population.resume import additionne, combine

    if recours is not None and recours not in MODES:
        raise ErreurMetropole(f"unknown take-up mode '{recours}': expected one of {', '.join(MODES)}")
    demande = Demande(
        periode=mois(period), variables=tuple(variables) if variables else None, strict=strict, recours=recours,
        graine_recours=graine_recours, garder=garder, sortie=str(sortie) if sortie else None,
    )
    top = time.perf_counter()
    partiels, cadres = [], {"individu": [], "famille": [], "menage": []}

    def traite(reponse):
        if reponse["partiel"] is not None:
            # Added up as they come, so the client holds one partial summary, not one per partition.
            partiels[:] = [additionne([*partiels, reponse["partiel"]])]
        for entite, cadre in reponse.get("cadres", {}).items():
            cadres[entite].append(cadre)

    personnes, nombre, melange, chargements = execute(client, chemin, demande, partitions, progression, traite)
    resultats = ResultatsDistribues(
        resume=combine(partiels), personnes=personnes, partitions=nombre, melange=melange,
        chargements=chargements, duree=time.perf_counter() - top,
    )
    if garder:
        resultats.individus, resultats.familles, resultats.menages = (_rassemble(cadres[e]) for e in ("individu", "famille", "menage"))
    return resultats



def compare_partition(table: pd.DataFrame, numero: int, demande: Demande) -> dict:
    """Run one partition under the baseline and under the reforms of ``demande`` (both systems built
    once per worker) and compare each famille as ``compare`` does; the rows come back with their
    order keys (the income deciles rank the whole population, so they are drawn by the client)."""
    from openfisca_metropole.population.comparaison import REVENUS_INDIVIDU, compare_familles
    from openfisca_metropole.population.recours import GRAINE_RECOURS
    from openfisca_metropole.population.simulation import SORTIES_FAMILLE, SORTIES_INDIVIDU, ErreurPopulation, simule
    from openfisca_metropole.reforms import versements

    base_tbs = systeme_nomme()
    reforme_tbs = systeme_nomme(demande.reformes, demande.parametres)
    table = table.sort_values(RANG, kind="stable").reset_index(drop=True)
    rangs = table[RANG].to_numpy()
    cles = _cles(table)
    table = table.drop(columns=RANG)
    reponse = {"numero": numero, "pid": os.getpid(), "chargements": CHARGEMENTS["nombre"], "personnes": len(table)}
    if not len(table):
        return {**reponse, "familles": None}
    supplements = versements(list(demande.reformes))
    variables = [*SORTIES_FAMILLE, *SORTIES_INDIVIDU, *REVENUS_INDIVIDU]
    graine = GRAINE_RECOURS if demande.graine_recours is None else demande.graine_recours
    mode = demande.recours or "entitlement"
    try:
        base = simule(table, demande.periode, variables, strict=demande.strict, taille_morceau=demande.taille_morceau, tbs=base_tbs)
        apres = simule(table, demande.periode, [*variables, *supplements], strict=demande.strict, taille_morceau=demande.taille_morceau, tbs=reforme_tbs)
    except ErreurPopulation as erreur:
        return {**reponse, "erreurs": _erreurs_globales(erreur, rangs)}
    base.avec_recours(mode, base_tbs, graine)
    apres.avec_recours(mode, reforme_tbs, graine)
    reponse["exclus"] = base.exclus
    reponse["familles"] = _ordonne(compare_familles(base, apres, supplements), cles, "famille")
    return reponse


def compare_distribue(
    chemin: str | Path,
    period: str,
    client,
    reformes: list[str],
    parametres: dict[str, str] | None = None,
    mode: str = "entitlement",
    graine: int | None = None,
    strict: bool = True,
    partitions: int | None = None,
    progression=None,
):
    """``compare`` (population/comparaison.py) of the Parquet dataset at ``chemin`` on the Dask
    ``client``: each partition runs both systems; the per-famille comparison comes back to the client
    (one row a famille), which ranks the income deciles over the whole population. The result equals
    ``compare`` on the whole table, famille by famille; its ``base`` and ``reforme`` are None (the
    per-entity runs stay on the workers)."""
    from openfisca_metropole.population.comparaison import PROGRAMMES_MONTANT, Comparaison, deciles
    from openfisca_metropole.population.recours import MODES
    from openfisca_metropole.reforms import applique, versements

    if mode not in MODES:
        raise ErreurMetropole(f"unknown take-up mode '{mode}': expected one of {', '.join(MODES)}")
    # A wrong reform name or parameter stops here, in one line, before any worker starts.
    from openfisca_metropole.situation import systeme

    applique(systeme(), list(reformes), parametres)
    demande = Demande(
        periode=mois(period), strict=strict, recours=mode, graine_recours=graine,
        reformes=tuple(reformes), parametres=tuple(sorted((parametres or {}).items())),
    )
    top = time.perf_counter()
    morceaux = []
    personnes, _, _, _ = execute(client, chemin, demande, partitions, progression,
                                 lambda r: r["familles"] is not None and morceaux.append(r["familles"]), compare_partition)
    familles = _rassemble(morceaux)
    familles["decile"] = deciles(familles["niveau_de_vie_base"].to_numpy(), familles["poids"].to_numpy(dtype="float64"))
    familles.attrs["montants"] = [*PROGRAMMES_MONTANT, *versements(list(reformes))]
    return Comparaison(
        periode=demande.periode,
        reformes=list(reformes), parametres=dict(parametres or {}), mode=mode,
        base=None, reforme=None, familles=familles, durees={"dask": time.perf_counter() - top},
    )
