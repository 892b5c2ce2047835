"""Build and run a whole population, vectorised and chunked by whole menages.

    from openfisca_metropole.population import lit, simule
    table = lit("population.parquet")
    resultats = simule(table, "2025-06")
    resultats.familles          # a DataFrame, one row per famille
    resultats.resume()          # the summary tables

Each chunk is built from arrays (entities declared, persons joined with integer roles, inputs set with
the variable's dtype, tracing off), computed, and only the requested outputs are kept, so memory is
bounded by the chunk size whatever the file's size.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openfisca_core import periods
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.simulations import SimulationBuilder

from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.population.schema import GROUPES, ID_INDIVIDU, POIDS, Colonne, menages_invalides, rangs, roles, valide
from openfisca_metropole.situation import systeme

# The outputs of each program, by entity, computed when no variable is named.
SORTIES_FAMILLE = ("rsa", "ppa", "css_droit", "css_participation_forfaitaire", "css_attribution_automatique")
SORTIES_INDIVIDU = ("iae_eligible_etti", "iae_eligible_ei")
SORTIES_MENAGE = ("conference_territoriale", "qpv", "depcom")
# Months before the computed month that the rules read (the CSS reads M-13..M-2).
MOIS_LUS = 13
ANNEES_LUES = 2
TAILLE_MORCEAU = 250_000


def lit(chemin: str | Path) -> pd.DataFrame:
    """Read a population table (CSV or Parquet) without converting any value: validation does."""
    chemin = Path(chemin)
    if not chemin.is_file():
        raise ErreurMetropole(f"{chemin}: no such file")
    suffixe = chemin.suffix.lower()
    try:
        if suffixe == ".parquet":
            return pd.read_parquet(chemin)
        if suffixe == ".csv":
            return pd.read_csv(chemin, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as erreur:
        raise ErreurMetropole(f"{chemin}: cannot read the table ({erreur})") from erreur
    raise ErreurMetropole(f"{chemin}: expected a .csv or .parquet file")


@dataclass
class Resultats:
    """Per-entity results of a population run (one DataFrame per entity) and the summaries."""

    periode: str
    individus: pd.DataFrame
    familles: pd.DataFrame
    menages: pd.DataFrame
    exclus: int = 0
    variables: list[str] = field(default_factory=list)
    # Seconds spent validating, building the simulations, computing, assembling the result tables.
    durees: dict[str, float] = field(default_factory=dict)
    # Take-up (population/recours.py): {"mode", "graine", "taux"}; None: entitlement only.
    recours: dict | None = None

    def avec_recours(self, mode: str, tbs=None, graine: int | None = None) -> "Resultats":
        """These results with the take-up model ``mode`` (entitlement, expected or draw) applied in
        the summaries and in ``familles_avec_recours``; the rates are those of the month run."""
        from openfisca_metropole.population import recours

        if mode not in recours.MODES:
            raise ErreurMetropole(f"unknown take-up mode '{mode}': expected one of {', '.join(recours.MODES)}")
        manquantes = [n for n in ("rsa", "ppa", "css_droit", *recours.SORTIES_RECOURS) if n not in self.familles.columns]
        if mode != "entitlement" and manquantes:
            raise ErreurMetropole(f"take-up mode '{mode}' needs the outputs {', '.join(manquantes)}")
        self.recours = {
            "mode": mode,
            "graine": recours.GRAINE_RECOURS if graine is None else graine,
            "taux": recours.taux_non_recours(tbs or systeme(), self.periode),
        }
        return self

    def familles_avec_recours(self) -> pd.DataFrame:
        """One row per famille with its territory, household type and, when a take-up mode is set,
        what it claims (``<program>_recours``, ``<program>_percu``)."""
        from openfisca_metropole.population.recours import applique
        from openfisca_metropole.population.resume import cadre_familles

        familles = cadre_familles(self)
        if self.recours is None:
            return familles
        r = self.recours
        return applique(familles, r["mode"], r["taux"], r["graine"])

    def resume(self) -> dict:
        from openfisca_metropole.population.resume import resume

        return resume(self)


def mois_de_population(period: str):
    """The month ``period`` (a Period); a population run is for one month: anything else is an
    ErreurMetropole in one line."""
    try:
        mois = periods.period(period)
    except (ValueError, TypeError) as erreur:
        raise ErreurMetropole(f"invalid period '{period}': expected a month (2025-06)") from erreur
    if mois.unit.value != "month" or mois.size != 1:
        raise ErreurMetropole(f"invalid period '{period}': a population run is for one month (2025-06)")
    return mois


def _periodes(variable, colonne: Colonne, mois) -> list:
    if colonne.periode is not None:
        return [periods.period(colonne.periode)]
    unite = variable.definition_period.value
    if unite == "eternity":
        return [periods.period("ETERNITY")]
    if unite == "year":
        return [mois.this_year.offset(-k, "year") for k in range(ANNEES_LUES, -1, -1)]
    return [mois.offset(-k, "month") for k in range(MOIS_LUS, -1, -1)]


def _indices(serie: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer group index of each row (0..k-1 in order of first appearance) and the first row of each group."""
    codes, _ = pd.factorize(serie, sort=False)
    _, premieres = np.unique(codes, return_index=True)
    return codes.astype(np.int32), premieres


class _Roles(np.ndarray):
    """A group's ``members_role`` (an array of Role objects) that compares to a role through integer
    codes. openfisca-core compares the Role objects one by one in Python (``has_role``), which is a
    third of the compute time of a population run; the result is the same. Any array derived from
    it (a slice, a selection) is a plain object array again."""

    def __new__(cls, roles_entite, codes: np.ndarray):
        tableau = np.asarray(roles_entite, dtype=object)[codes].view(cls)
        tableau._codes = codes
        tableau._rangs = {id(role): rang for rang, role in enumerate(roles_entite)}
        return tableau

    def __array_finalize__(self, obj) -> None:
        self._codes = None
        self._rangs = {}

    def __eq__(self, autre):
        if self._codes is not None and id(autre) in self._rangs and self._codes.shape == self.shape:
            return self._codes == self._rangs[id(autre)]
        return np.asarray(self.view(np.ndarray) == autre)


def _construit(tbs, table: pd.DataFrame, positions: np.ndarray, colonnes: list[Colonne], mois):
    """The simulation of the rows ``table`` (positions ``positions`` in the validated table, whose
    converted columns are reused)."""
    n = len(table)
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("individu", np.arange(n))
    premieres = {"individu": np.arange(n)}
    codes_roles = {}
    for entite, (colonne_id, colonne_role, _) in GROUPES.items():
        if colonne_id in table.columns:
            groupe, premiere = _indices(table[colonne_id])
            role = np.maximum(rangs(table[colonne_role], roles(tbs, entite)), 0)  # validated: no -1
        else:  # each person alone in her own group (the first role: declarant)
            groupe, premiere = np.arange(n, dtype=np.int32), np.arange(n)
            role = np.zeros(n, dtype=np.int16)
        codes_roles[entite] = np.asarray(role, dtype=np.int32)
        instance = builder.declare_entity(entite, np.arange(len(premiere)))
        builder.join_with_persons(instance, groupe, codes_roles[entite])
        premieres[entite] = premiere
    simulation = builder.build(tbs)
    simulation.trace = False
    for entite, codes in codes_roles.items():
        population = simulation.populations[entite]
        if hasattr(population, "_members_role"):
            population._members_role = _Roles(population.entity.flattened_roles, codes)
    for colonne in colonnes:
        variable = tbs.variables[colonne.variable]
        valeurs = colonne.valeurs[positions[premieres[variable.entity.key]]]
        if getattr(variable, "possible_values", None) is not None:
            valeurs = EnumArray(valeurs, variable.possible_values)
        for periode in _periodes(variable, colonne, mois):
            simulation.set_input(colonne.variable, periode, valeurs)
    _partage_valeurs_par_defaut(simulation)
    return simulation, premieres


class _DefautPartage:
    """The default value of one input variable for a chunk: one read-only array, made on first use
    and returned for every period read."""

    def __init__(self, variable, taille: int):
        self.variable, self.taille, self.tableau = variable, taille, None

    def __call__(self):
        if self.tableau is None:
            self.tableau = self.variable.default_array(self.taille)
            self.tableau.flags.writeable = False
        return self.tableau


def _partage_valeurs_par_defaut(simulation) -> None:
    """An input variable (one without a formula) read for a period the table does not give takes its
    default value. openfisca-core fills a new array for each variable and period read (636 of them a
    chunk: the CSS reads twelve months of every resource, the family benefits a whole N-2 year), so
    here each input variable shares one array across the periods read. The array is read-only: a
    formula that wrote into it would fail instead of changing the value of other periods."""
    for nom, variable in simulation.tax_benefit_system.variables.items():
        if variable.formulas:
            continue
        population = simulation.get_variable_population(nom)
        population.get_holder(nom).default_array = _DefautPartage(variable, population.count)


def _valeurs(simulation, nom: str, mois) -> np.ndarray:
    valeurs = simulation.calculate(nom, mois)
    if isinstance(valeurs, EnumArray):
        return valeurs.decode_to_str()
    valeurs = np.asarray(valeurs)
    if valeurs.dtype.kind == "S":
        return np.char.decode(valeurs, "utf-8")
    return valeurs


@dataclass
class _Etat:
    """What every chunk of a run reads."""

    tbs: object
    table: pd.DataFrame
    positions: np.ndarray
    colonnes: list[Colonne]
    mois: object
    noms: list[str]
    poids: np.ndarray
    durees: dict[str, float] = field(default_factory=lambda: {"construction": 0.0, "calcul": 0.0, "assemblage": 0.0})


IDENTIFIANTS = {"individu": ID_INDIVIDU, "famille": GROUPES["famille"][0], "menage": GROUPES["menage"][0]}


def _morceau(etat: _Etat, debut: int, fin: int) -> dict[str, pd.DataFrame]:
    """Build and compute the rows debut:fin of the run's table; one DataFrame per entity."""
    tbs, mois = etat.tbs, etat.mois
    partie = etat.table.iloc[debut:fin]
    top = time.perf_counter()
    simulation, premieres = _construit(tbs, partie, etat.positions[debut:fin], etat.colonnes, mois)
    etat.durees["construction"] += time.perf_counter() - top
    top = time.perf_counter()
    sorties = {nom: _valeurs(simulation, nom, mois) for nom in etat.noms}
    nb_parents = np.asarray(simulation.calculate("nb_parents", mois))
    etat.durees["calcul"] += time.perf_counter() - top
    top = time.perf_counter()
    cadres = {}
    for entite, identifiant in IDENTIFIANTS.items():
        lignes = premieres[entite]
        cadre = {identifiant: partie[identifiant].to_numpy()[lignes]}
        if entite != "menage":
            cadre["menage_id"] = partie["menage_id"].to_numpy()[lignes]
        if entite == "individu":
            cadre["famille_id"] = partie["famille_id"].to_numpy()
            cadre["famille_role"] = partie["famille_role"].to_numpy()
        if entite == "famille":
            cadre["nb_personnes"] = np.asarray(simulation.populations["famille"].nb_persons())
            cadre["nb_parents"] = nb_parents
        cadre[POIDS] = etat.poids[debut:fin][lignes]
        for nom in etat.noms:
            if tbs.variables[nom].entity.key == entite:
                cadre[nom] = sorties[nom]
        if entite == "menage":
            for nom in SORTIES_MENAGE:
                if nom in cadre:
                    continue
                if nom in partie.columns:  # an input: read from the table, not decoded from the simulation
                    cadre[nom] = np.asarray(partie[nom].to_numpy()[lignes], dtype=bool if nom == "qpv" else str)
                else:
                    cadre[nom] = _valeurs(simulation, nom, mois)
        cadres[entite] = pd.DataFrame(cadre)
    _libere(simulation)
    etat.durees["assemblage"] += time.perf_counter() - top
    return cadres


def _libere(simulation) -> None:
    """Drop a chunk's arrays now. A simulation and its populations refer to each other, so without
    this the arrays would wait for the garbage collector's next pass and the chunks' memory would
    pile up (2.9 GiB instead of 1.1 for the synthetic Lyon)."""
    for population in simulation.populations.values():
        population._holders = {}
        population.simulation = None
    simulation.populations = {}


def simule(
    table: pd.DataFrame,
    period: str,
    variables: list[str] | None = None,
    strict: bool = True,
    taille_morceau: int = TAILLE_MORCEAU,
    progression=None,
    tbs=None,
) -> Resultats:
    """Validate ``table`` and compute ``variables`` (default: every program's outputs) for the month
    ``period``. ``strict``: any invalid row stops the run (ErreurMetropole listing the errors);
    otherwise the menages with an invalid row are excluded and counted."""
    tbs = tbs or systeme()
    mois = mois_de_population(period)
    top = time.perf_counter()
    validation = valide(tbs, table)
    duree_validation = time.perf_counter() - top
    exclus = 0
    positions = np.arange(len(table))
    if not validation.valide:
        fichier = [e for e in validation.erreurs if e.ligne is None]
        if strict or fichier:
            raise ErreurPopulation(validation.erreurs)
        a_exclure = menages_invalides(table, validation.lignes_invalides)
        exclus = int(table.loc[a_exclure, "menage_id"].nunique()) if "menage_id" in table.columns else int(a_exclure.sum())
        positions = positions[~a_exclure]
        if not len(positions):
            raise ErreurPopulation(validation.erreurs)
    noms = list(variables or (*SORTIES_FAMILLE, *SORTIES_INDIVIDU))
    inconnues = [n for n in noms if n not in tbs.variables]
    if inconnues:
        raise ErreurMetropole(f"unknown variable '{inconnues[0]}'")
    # Whole menages per chunk: rows sorted by menage, cut at menage boundaries.
    codes_menage, _ = pd.factorize(table["menage_id"].to_numpy()[positions], sort=False)
    ordre = np.argsort(codes_menage, kind="stable")
    positions = positions[ordre]
    table = table.iloc[positions].reset_index(drop=True)
    codes_menage = codes_menage[ordre]
    debuts = np.flatnonzero(np.r_[True, codes_menage[1:] != codes_menage[:-1]])
    coupures = [0]
    for debut in debuts:
        if debut - coupures[-1] >= taille_morceau:
            coupures.append(int(debut))
    coupures.append(len(table))
    if POIDS in table.columns:
        poids_lignes = pd.to_numeric(table[POIDS], errors="coerce").to_numpy(dtype="float64")
    else:
        poids_lignes = np.ones(len(table))
    etat = _Etat(tbs, table, positions, validation.colonnes, mois, noms, poids_lignes)
    morceaux: dict[str, list[pd.DataFrame]] = {"individu": [], "famille": [], "menage": []}
    for debut, fin in zip(coupures[:-1], coupures[1:]):
        for entite, cadre in _morceau(etat, debut, fin).items():
            morceaux[entite].append(cadre)
        if progression:
            progression(fin, len(table))
    return Resultats(
        periode=str(mois),
        individus=pd.concat(morceaux["individu"], ignore_index=True),
        familles=pd.concat(morceaux["famille"], ignore_index=True),
        menages=pd.concat(morceaux["menage"], ignore_index=True),
        exclus=exclus,
        variables=noms,
        durees={"validation": duree_validation, **etat.durees},
    )


class ErreurPopulation(ErreurMetropole):
    """A population that does not fit the schema: every error, with row, column and reason."""

    def __init__(self, erreurs):
        self.erreurs = list(erreurs)
        premiere = self.erreurs[0]
        suite = f" (and {len(self.erreurs) - 1} more)" if len(self.erreurs) > 1 else ""
        super().__init__(f"invalid population: {premiere}{suite}")
