"""The person-level population table and its validation.

One row per person. Identifier and role columns place each person in a famille, a menage and,
optionally, a foyer fiscal; an optional ``poids`` column weights the household (the same on every
member's row); every other column is an input variable of the system, of any entity:
``salaire_net`` (bare: the same value for every month a run reads) or ``salaire_net:2025-03`` (that
month only). A variable of a group entity (``qpv`` of the
menage, ``beneficiaire_rsa`` of the famille) is read on every member's row and must be the same on
all of them.

Validation happens before any computation and reports every problem with its row (1 = first data
row), its column and the reason; nothing is dropped or coerced silently.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openfisca_core import periods

ID_INDIVIDU = "individu_id"
POIDS = "poids"
# Group entities: id column, role column, roles (in the entity's order) and whether required.
GROUPES = {
    "famille": ("famille_id", "famille_role", True),
    "menage": ("menage_id", "menage_role", True),
    "foyer_fiscal": ("foyer_fiscal_id", "foyer_fiscal_role", False),
}
# The one role every group needs, and how many persons at most may hold each role.
ROLE_REQUIS = {"famille": "demandeur", "menage": "personne_de_reference", "foyer_fiscal": "declarant_principal"}
MAXIMUM_PAR_ROLE = {
    ("famille", "demandeur"): 1,
    ("famille", "conjoint"): 1,
    ("menage", "personne_de_reference"): 1,
    ("menage", "conjoint"): 1,
    ("foyer_fiscal", "declarant_principal"): 1,
    ("foyer_fiscal", "conjoint"): 1,
}
# Amounts the law allows to be negative (a self-employed deficit).
MONTANTS_NEGATIFS_PERMIS_PREFIXES = ("rpns_",)
MAX_ERREURS = 200


@dataclass
class Erreur:
    ligne: int | None  # 1 = first data row; None for the whole file
    colonne: str | None
    raison: str

    def __str__(self) -> str:
        ou = []
        if self.ligne is not None:
            ou.append(f"row {self.ligne}")
        if self.colonne is not None:
            ou.append(f"column {self.colonne}")
        return f"{', '.join(ou) or 'file'}: {self.raison}"


@dataclass
class Colonne:
    nom: str
    variable: str
    periode: str | None  # None: bare column (every period the run reads)
    # The column converted to the variable's dtype by the validation, one value per row of the table.
    valeurs: np.ndarray | None = None


@dataclass
class Validation:
    erreurs: list[Erreur] = field(default_factory=list)
    colonnes: list[Colonne] = field(default_factory=list)
    lignes_invalides: np.ndarray | None = None  # bool per row

    @property
    def valide(self) -> bool:
        return not self.erreurs


def roles(tbs, entite: str) -> list[str]:
    """The role keys of a group entity, in the order of ``flattened_roles``."""
    return [role.key for e in tbs.entities if e.key == entite for role in e.flattened_roles]


def description(tbs) -> str:
    """The schema as text (``metropole population schema``)."""
    lignes = [
        "Population table: one row per person (CSV or Parquet).",
        "",
        "Identifiers and roles:",
        f"  {ID_INDIVIDU:<20} required  unique id of the person",
    ]
    for entite, (colonne_id, colonne_role, requis) in GROUPES.items():
        etat = "required" if requis else "optional"
        lignes.append(f"  {colonne_id:<20} {etat:<9} id of the person's {entite}")
        lignes.append(f"  {colonne_role:<20} {etat:<9} one of: {', '.join(roles(tbs, entite))}")
    lignes += [
        f"  {POIDS:<20} optional  weight of the menage, the same on each member's row; default 1",
        "",
        "Input variables (any variable of the system; a group variable is repeated on each member's row):",
        "  NAME              the value for every month (or year) the run reads",
        "  NAME:YYYY-MM      the value of that month (NAME:YYYY for a yearly variable)",
        "",
        "  Common ones:",
    ]
    for nom in ("date_naissance", "salaire_net", "chomage_net", "aah", "ass", "af", "aide_logement", "loyer",
                "statut_occupation_logement", "depcom", "conference_territoriale", "qpv", "zrr",
                "duree_inscription_france_travail", "niveau_diplome"):
        if nom in tbs.variables:
            variable = tbs.variables[nom]
            type_nom = variable.value_type.__name__ if variable.value_type is not object else "str"
            if hasattr(variable, "possible_values") and variable.possible_values is not None:
                type_nom = "one of " + ", ".join(item.name for item in variable.possible_values)
            lignes.append(f"  {nom:<28} {variable.entity.key:<10} {variable.definition_period.value:<9} {type_nom}")
    lignes.append("")
    lignes.append("Every variable: metropole calcule --help, or the web API's /variables.")
    return "\n".join(lignes)


def _colonnes_variables(tbs, table: pd.DataFrame, erreurs: list[Erreur]) -> list[Colonne]:
    reservees = {ID_INDIVIDU, POIDS, *(c for c, r, _ in GROUPES.values()), *(r for c, r, _ in GROUPES.values())}
    colonnes = []
    for nom in table.columns:
        if nom in reservees:
            continue
        variable, _, periode = str(nom).partition(":")
        if variable not in tbs.variables:
            proches = difflib.get_close_matches(variable, list(tbs.variables) + sorted(reservees), n=3)
            suggestion = f" (did you mean {', '.join(proches)}?)" if proches else ""
            erreurs.append(Erreur(None, str(nom), f"unknown variable '{variable}'{suggestion}"))
            continue
        if periode:
            try:
                p = periods.period(periode)
            except (ValueError, TypeError):
                erreurs.append(Erreur(None, str(nom), f"'{periode}' is not a period (2025-03 or 2025)"))
                continue
            if p.unit.value != tbs.variables[variable].definition_period.value:
                erreurs.append(Erreur(None, str(nom), f"{variable} is defined by {tbs.variables[variable].definition_period.value}, not by {p.unit.value}"))
                continue
        colonnes.append(Colonne(str(nom), variable, periode or None))
    return colonnes


def _ajoute(erreurs: list[Erreur], masque: np.ndarray, colonne: str | None, raison, invalides: np.ndarray) -> None:
    for ligne in np.flatnonzero(masque)[: MAX_ERREURS]:
        erreurs.append(Erreur(int(ligne) + 1, colonne, raison(int(ligne)) if callable(raison) else raison))
    invalides |= masque


def texte(serie: pd.Series) -> pd.Series:
    """The column as stripped text, missing values kept; for a categorical column only its
    categories are converted (a population's role and enum columns usually are)."""
    if isinstance(serie.dtype, pd.CategoricalDtype) and len(serie.cat.categories):
        categories = np.asarray(pd.Index(serie.cat.categories).astype("string").str.strip(), dtype=object)
        codes = serie.cat.codes.to_numpy()
        valeurs = categories[np.maximum(codes, 0)]
        valeurs[codes < 0] = None
        return pd.Series(valeurs, index=serie.index, dtype=object)
    return serie.astype("string").str.strip()


def rangs(serie: pd.Series, cles: list[str]) -> np.ndarray:
    """The rank of each row's (stripped) text among ``cles``; -1 when missing or not among them."""
    position = {cle: rang for rang, cle in enumerate(cles)}
    if isinstance(serie.dtype, pd.CategoricalDtype) and len(serie.cat.categories):
        par_categorie = np.array([position.get(str(c).strip(), -1) for c in serie.cat.categories], dtype=np.int32)
        codes = serie.cat.codes.to_numpy()
        return np.where(codes >= 0, par_categorie[np.maximum(codes, 0)], -1).astype(np.int32)
    return texte(serie).map(position).astype("Float64").fillna(-1).to_numpy(dtype="float64").astype(np.int32)


def _comparables(variable, serie: pd.Series, valeurs: np.ndarray) -> np.ndarray:
    """Values to compare between the members of a group: integer codes for a categorical column
    (one per distinct converted value), the converted values otherwise."""
    if isinstance(serie.dtype, pd.CategoricalDtype) and len(serie.cat.categories):
        par_categorie, _ = convertit(variable, pd.Series(np.asarray(serie.cat.categories, dtype=object)))
        identifiants = pd.factorize(par_categorie)[0]
        codes = serie.cat.codes.to_numpy()
        return np.where(codes >= 0, identifiants[np.maximum(codes, 0)], -1)
    return valeurs


def convertit(variable, serie: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The column as an array of the variable's dtype, and a mask of the values that do not fit."""
    if isinstance(serie.dtype, pd.CategoricalDtype) and len(serie.cat.categories):
        # Convert the categories once, then spread them over the rows.
        valeurs, mauvais = convertit(variable, pd.Series(np.asarray(serie.cat.categories, dtype=object)))
        codes = serie.cat.codes.to_numpy()
        rangs = np.maximum(codes, 0)
        return valeurs[rangs], mauvais[rangs] | (codes < 0)
    manquant = pd.isna(serie).to_numpy()
    type_valeur = variable.value_type
    if type_valeur is bool:
        if serie.dtype == bool:
            return serie.to_numpy(), np.zeros(len(serie), dtype=bool)
        mots = serie.astype("string").str.strip().str.lower()
        vrai = mots.isin(["true", "1", "1.0", "oui", "yes"]).fillna(False).to_numpy(dtype=bool)
        faux = mots.isin(["false", "0", "0.0", "non", "no"]).fillna(False).to_numpy(dtype=bool)
        return vrai, ~(vrai | faux)
    if type_valeur in (int, float):
        nombres = pd.to_numeric(serie, errors="coerce").to_numpy(dtype="float64")
        mauvais = np.isnan(nombres) | ~np.isfinite(nombres)
        if type_valeur is int:
            mauvais |= ~mauvais & (np.round(nombres) != nombres)
        return np.where(mauvais, 0, nombres).astype(variable.dtype), mauvais
    if variable.value_type.__name__ == "date":
        jours = pd.to_datetime(serie, errors="coerce", format="ISO8601")
        mauvais = jours.isna().to_numpy()
        return jours.to_numpy(dtype="datetime64[D]"), mauvais
    if getattr(variable, "possible_values", None) is not None:
        noms = [item.name for item in variable.possible_values]
        mots = texte(serie)
        mauvais = (~mots.isin(noms)).fillna(True).to_numpy(dtype=bool)
        rangs = {nom: rang for rang, nom in enumerate(noms)}
        indices = mots.map(rangs).astype("Float64").fillna(0).to_numpy(dtype="float64")
        return np.where(mauvais, 0, indices).astype(np.int16), mauvais
    # openfisca-core stores text as ASCII bytes of at most ``max_length`` characters.
    mots = serie.astype("string").fillna("")
    ascii_ = mots.str.isascii().fillna(True).to_numpy(dtype=bool)
    trop_long = (mots.str.len() > (variable.max_length or np.inf)).fillna(False).to_numpy(dtype=bool)
    mauvais = manquant | ~ascii_ | trop_long
    return np.where(mauvais, "", mots.to_numpy(dtype=str)).astype(variable.dtype), mauvais


@dataclass
class Groupes:
    """Integer code of each row's group (-1 for an empty id) and the first row of each group."""

    codes: np.ndarray
    premieres: np.ndarray

    @classmethod
    def de(cls, serie: pd.Series) -> "Groupes":
        codes, uniques = pd.factorize(serie, sort=False)
        premieres = np.full(len(uniques), -1, dtype=np.int64)
        lignes = np.flatnonzero(codes >= 0)
        # The first row of each group: the smallest row index, written last when reversed.
        premieres[codes[lignes[::-1]]] = lignes[::-1]
        return cls(codes, premieres)

    def compte(self, masque: np.ndarray) -> np.ndarray:
        """Per row: how many rows of its group have ``masque`` (0 for rows without a group)."""
        connus = self.codes >= 0
        comptes = np.bincount(self.codes[connus], weights=masque[connus], minlength=len(self.premieres))
        return np.where(connus, comptes[np.maximum(self.codes, 0)], 0)

    def incoherents(self, valeurs: np.ndarray) -> np.ndarray:
        """Per row: whether its group holds a value different from its first row's."""
        connus = self.codes >= 0
        differe = connus & (valeurs != valeurs[self.premieres[np.maximum(self.codes, 0)]])
        return self.compte(differe) > 0


def valide(tbs, table: pd.DataFrame) -> Validation:
    """Check the table; every problem is reported, none is fixed."""
    erreurs: list[Erreur] = []
    n = len(table)
    invalides = np.zeros(n, dtype=bool)
    if ID_INDIVIDU not in table.columns:
        erreurs.append(Erreur(None, ID_INDIVIDU, "missing: every person needs an id"))
    for entite, (colonne_id, colonne_role, requis) in GROUPES.items():
        for colonne in (colonne_id, colonne_role):
            if requis and colonne not in table.columns:
                erreurs.append(Erreur(None, colonne, f"missing: every person belongs to a {entite}"))
    colonnes = _colonnes_variables(tbs, table, erreurs)
    if any(e.ligne is None for e in erreurs):
        return Validation(erreurs, colonnes, np.ones(n, dtype=bool))

    ids = table[ID_INDIVIDU]
    _ajoute(erreurs, ids.isna().to_numpy(), ID_INDIVIDU, "empty id", invalides)
    _ajoute(erreurs, (ids.duplicated(keep="first") & ids.notna()).to_numpy(), ID_INDIVIDU,
            lambda i: f"id {ids.iloc[i]} already used on another row (a person in two places)", invalides)
    groupes = {entite: Groupes.de(table[GROUPES[entite][0]]) for entite in GROUPES if GROUPES[entite][0] in table.columns}
    for entite, (colonne_id, colonne_role, requis) in GROUPES.items():
        if entite not in groupes:
            continue
        groupe = groupes[entite]
        _ajoute(erreurs, groupe.codes < 0, colonne_id, f"empty: the person is in no {entite}", invalides)
        if colonne_role not in table.columns:
            erreurs.append(Erreur(None, colonne_role, f"missing while {colonne_id} is given"))
            continue
        cles = roles(tbs, entite)
        rang = rangs(table[colonne_role], cles)
        _ajoute(erreurs, rang < 0, colonne_role,
                lambda i, c=colonne_role, k=cles: f"'{table[c].iloc[i]}' is not a role ({', '.join(k)})", invalides)
        requis_role = ROLE_REQUIS[entite]
        a_le_role = rang == cles.index(requis_role)
        sans = (groupe.codes >= 0) & (groupe.compte(a_le_role) == 0)
        _ajoute(erreurs, sans, colonne_id, lambda i, c=colonne_id, r=requis_role: f"{entite} {table[c].iloc[i]} has no {r}", invalides)
        for (groupe_entite, role), maximum in MAXIMUM_PAR_ROLE.items():
            if groupe_entite != entite:
                continue
            tient = rang == cles.index(role)
            _ajoute(erreurs, (groupe.compte(tient) > maximum) & tient, colonne_role,
                    lambda i, c=colonne_id, r=role, m=maximum: f"{entite} {table[c].iloc[i]} has more than {m} {r}", invalides)
        if entite != "menage" and "menage" in groupes:
            # Runs are chunked by whole menages: a famille or foyer fiscal lives within one menage.
            _ajoute(erreurs, groupe.incoherents(groupes["menage"].codes), colonne_id,
                    lambda i, c=colonne_id: f"{entite} {table[c].iloc[i]} spans several menages", invalides)
    if POIDS in table.columns:
        poids = pd.to_numeric(table[POIDS], errors="coerce").to_numpy(dtype="float64")
        _ajoute(erreurs, ~(poids >= 0), POIDS, lambda i: f"'{table[POIDS].iloc[i]}' is not a weight (a number, 0 or more)", invalides)
        if "menage" in groupes:
            # A household is drawn as a whole: its members share its weight.
            _ajoute(erreurs, groupes["menage"].incoherents(np.nan_to_num(poids, nan=-1.0)), POIDS,
                    "differs between members of the same menage", invalides)
    for colonne in colonnes:
        variable = tbs.variables[colonne.variable]
        valeurs, mauvais = convertit(variable, table[colonne.nom])
        colonne.valeurs = valeurs
        _ajoute(erreurs, mauvais, colonne.nom,
                lambda i, c=colonne.nom, v=variable: f"'{table[c].iloc[i]}' is not a valid {_type(v)}", invalides)
        if variable.value_type is float and getattr(variable, "unit", None) == "currency-EUR" and not colonne.variable.startswith(MONTANTS_NEGATIFS_PERMIS_PREFIXES):
            _ajoute(erreurs, ~mauvais & (valeurs < 0), colonne.nom,
                    lambda i, c=colonne.nom: f"negative amount {table[c].iloc[i]}", invalides)
        entite = variable.entity.key
        if entite != "individu" and entite in groupes:
            _ajoute(erreurs, groupes[entite].incoherents(_comparables(variable, table[colonne.nom], valeurs)), colonne.nom,
                    lambda i, c=colonne.nom, e=entite: f"differs between members of the same {e}", invalides)
    return Validation(erreurs, colonnes, invalides)


def _type(variable) -> str:
    if getattr(variable, "possible_values", None) is not None:
        return "value of " + variable.name + " (" + ", ".join(item.name for item in variable.possible_values) + ")"
    if variable.value_type is str:
        return f"text (ASCII, at most {variable.max_length} characters)" if variable.max_length else "text (ASCII)"
    return {bool: "boolean (true/false)", int: "whole number", float: "number"}.get(variable.value_type, variable.value_type.__name__)


def menages_invalides(table: pd.DataFrame, lignes_invalides: np.ndarray) -> np.ndarray:
    """Rows of every menage that has at least one invalid row (whole households are excluded)."""
    if "menage_id" not in table.columns:
        return lignes_invalides.copy()
    touches = pd.Series(lignes_invalides).groupby(table["menage_id"].to_numpy()).transform("any").to_numpy(dtype=bool)
    return touches | lignes_invalides
