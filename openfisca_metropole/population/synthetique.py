"""Synthetic populations of the Métropole de Lyon and of the Métropole Européenne de Lille.

    from openfisca_metropole.population.synthetique import genere
    table = genere("lyon", "2025-06")          # about 1.44 million rows, a few seconds
    table = genere("lille", "2025-06", personnes=100_000)   # a weighted sample

The table follows the population schema (``metropole population schema``): one row per person, ids
and roles of famille and menage, a weight, the territory of the menage (``depcom``,
``conference_territoriale``, ``qpv``) and the inputs the programs read. Everything is drawn with
numpy from one seeded generator: the same seed, territory, month and size give the same table.

What the draws rest on is in ``data/calage.yaml`` (each figure with its source and a tag saying
whether it is published, our assumption or a calibration) and ``data/communes.csv`` (the communes,
their population and territory). docs/population.md compares a baseline run with the targets.

Households are drawn commune by commune in proportion to their population, then in or out of a QPV,
then their type (person alone, flat-share, couple with or without children, lone parent), then the
age of each member, then whether the household is *precarious* (working age and no stable income:
the calibrated lever of the RSA caseload), then each adult's activity and resources, the tenure,
rent, housing aid and allocations familiales. Every situation is the same over the months a run
reads (the bare columns of the schema).
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd
import yaml
from openfisca_core import periods

from openfisca_metropole.erreurs import ErreurMetropole

TERRITOIRES = ("lyon", "lille", "france")
# Territories drawn region by region (data/regions.csv) rather than commune by commune: no depcom.
PAR_REGION = ("france",)
GRAINE = 2025
TYPES = ("personne_seule", "autre_sans_famille", "couple_sans_enfant", "couple_avec_enfants", "famille_monoparentale")
SEULE, AUTRE, COUPLE, COUPLE_ENFANTS, MONOPARENTALE = range(len(TYPES))
ACTIVITES = ("actif", "chomeur", "etudiant", "retraite", "inactif")
ROLES_FAMILLE = ("demandeur", "conjoint", "enfant")
ROLES_MENAGE = ("personne_de_reference", "conjoint", "enfant", "autre")
OCCUPATIONS = ("proprietaire", "locataire_vide", "locataire_meuble", "locataire_hlm", "loge_gratuitement")
DIPLOMES = ("sans_diplome", "niveau_3", "niveau_4", "niveau_5", "niveau_6", "niveau_7", "niveau_8")
# The SMIC the 2023 amounts of calage.yaml are expressed at (gross hourly, from 2023-05-01).
SMIC_REFERENCE = "2023-05"
AGE_RETRAITE = 62
# Net share of a gross wage near the SMIC, for the floor of the wage draws (calage.yaml, salaires_eqtp).
PART_NETTE_SMIC = 0.78
# Households per generation block, each drawn from its own stream seeded by (seed, block number):
# the table depends only on the seed, the territory, the month and the size asked.
BLOC = 200_000


@functools.cache
def calage() -> dict:
    """The calibration figures (data/calage.yaml), each with value, tag and source."""
    texte = resources.files("openfisca_metropole.population").joinpath("data/calage.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(texte)


@functools.cache
def _communes(fichier: str = "communes.csv") -> pd.DataFrame:
    with resources.files("openfisca_metropole.population").joinpath(f"data/{fichier}").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype={"insee": str, "conference_code": str}, keep_default_na=False)


def communes(territoire: str) -> pd.DataFrame:
    """The communes of ``territoire``: INSEE code, name, population, territorial conference, QPV
    inhabitants. For France métropolitaine, its regions (no INSEE code of commune)."""
    _verifie(territoire)
    table = _communes("regions.csv" if territoire in PAR_REGION else "communes.csv")
    return table.query("territoire == @territoire").reset_index(drop=True)


def libelles_conferences() -> dict[str, str]:
    """The label of each territorial conference code of the synthetic territories (rhone_amont ->
    Rhône Amont; a region's code -> its name)."""
    table = pd.concat([_communes(), _communes("regions.csv")])
    return dict(zip(table["conference_code"], table["conference"]))


def _verifie(territoire: str) -> None:
    if territoire not in TERRITOIRES:
        raise ErreurMetropole(f"unknown territory '{territoire}': expected one of {', '.join(TERRITOIRES)}")


def _categorie(codes: np.ndarray, noms) -> pd.Categorical:
    """A categorical column from integer codes (cheaper to build and to validate than strings)."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int16), categories=list(noms))


def _valeur(section: dict, nom: str):
    return section[nom]["valeur"]


def _classe(probabilites, u: np.ndarray) -> np.ndarray:
    """The index of ``probabilites`` (weights, not necessarily summing to 1) that each uniform ``u`` falls in."""
    probabilites = np.asarray(probabilites, dtype=float)
    return np.searchsorted(np.cumsum(probabilites) / probabilites.sum(), u, side="right").clip(0, len(probabilites) - 1)


def _tire(rng, probabilites: np.ndarray, n: int) -> np.ndarray:
    """n draws of the index of ``probabilites`` (one distribution for all)."""
    return _classe(probabilites, rng.random(n))


def _tire_intervalles(bornes, poids, u_classe: np.ndarray, u_position: np.ndarray) -> np.ndarray:
    """Values drawn from a piecewise-uniform law: a class by its weight, then uniformly within it."""
    bornes = np.asarray(bornes, dtype=float)
    classe = _classe(poids, u_classe)
    return bornes[classe] + u_position * (bornes[classe + 1] - bornes[classe])


def _quantiles(table: dict, u: np.ndarray, plancher: float | None = None) -> np.ndarray:
    """Amounts at the quantiles ``u``, interpolating the logarithm between the given points."""
    points = sorted((float(q), float(v)) for q, v in table.items())
    if plancher is not None:
        points = [(0.0, plancher)] + [p for p in points if p[0] > 0]
    if points[-1][0] < 1.0:  # beyond the last point: the same log slope as the last segment, capped
        (q1, v1), (q2, v2) = points[-2], points[-1]
        pente = (np.log(v2) - np.log(v1)) / (q2 - q1)
        points.append((1.0, float(np.exp(np.log(v2) + pente * (1.0 - q2)))))
    q, v = np.array(points).T
    return np.exp(np.interp(u, q, np.log(v)))


def _distribution_enfants(table: dict) -> tuple[np.ndarray, np.ndarray]:
    nombres = np.array(sorted(int(k) for k in table))
    return nombres, np.array([table[k] for k in nombres], dtype=float)


def _parametres(periode, tbs):
    from openfisca_metropole.situation import systeme

    tbs = tbs or systeme()
    mois = periods.period(periode)
    p = tbs.parameters
    smic = p(mois.start).marche_travail.smic
    indice = float(smic.horaire_brut) / float(p(periods.period(SMIC_REFERENCE).start).marche_travail.smic.horaire_brut)
    smic_net = PART_NETTE_SMIC * float(smic.horaire_brut) * float(smic.heures_mensuelles_temps_plein)
    return mois, indice, smic_net


def _menages(rng, n: int, territoire: str, table_communes: pd.DataFrame) -> dict:
    """Household-level draws: commune, QPV, type, number of adults and children."""
    c = calage()
    t, modele, commun = c[territoire], c["modele"], c["commun"]
    population = table_communes["population"].to_numpy(dtype=float)
    part_qpv = table_communes["qpv_habitants"].to_numpy(dtype=float)
    part_qpv = part_qpv / part_qpv.sum() * _valeur(t, "qpv_part") * population.sum() / population

    types = np.array([_valeur(t, "types_menage")[k] for k in TYPES])
    types_qpv = types.copy()
    types_qpv[MONOPARENTALE] *= _valeur(modele, "qpv_monoparentales")
    enfants, p_couple = _distribution_enfants(_valeur(commun, "enfants_couple"))
    _, p_mono = _distribution_enfants(_valeur(commun, "enfants_monoparentale"))
    _, p_qpv = _distribution_enfants(_valeur(modele, "qpv_enfants"))

    commune = _tire(rng, population, n)
    # A QPV household is larger than the average one: draw households so that persons, not
    # households, are in QPV at the commune's share.
    taille = lambda ty, pc, pm: (ty / ty.sum()) @ np.array([1, 2.3, 2, 2 + enfants @ (pc / pc.sum()), 1 + enfants @ (pm / pm.sum())])
    rapport = taille(types, p_couple, p_mono) / taille(types_qpv, p_qpv, p_qpv)
    qpv = rng.random(n) < part_qpv[commune] * rapport
    type_menage = np.where(qpv, _tire(rng, types_qpv, n), _tire(rng, types, n))
    u = rng.random(n)
    nb_enfants = np.select(
        [type_menage == COUPLE_ENFANTS, type_menage == MONOPARENTALE],
        [_enfants(u, qpv, enfants, p_couple, p_qpv), _enfants(u, qpv, enfants, p_mono, p_qpv)],
        0,
    )
    # A flat-share holds 2 or 3 adults, each her own famille.
    nb_adultes = np.select([type_menage == AUTRE, np.isin(type_menage, (COUPLE, COUPLE_ENFANTS))], [2 + (rng.random(n) < 0.3), 2], 1)
    return {"commune": commune, "qpv": qpv, "type": type_menage, "nb_adultes": nb_adultes, "nb_enfants": nb_enfants}


def _enfants(u, qpv, nombres, p_hors_qpv, p_qpv) -> np.ndarray:
    return np.where(qpv, nombres[_classe(p_qpv, u)], nombres[_classe(p_hors_qpv, u)])


def _personnes(rng, men: dict, mois, indice: float, smic_net_reference: float) -> dict:
    """Person-level draws for the households ``men``: ages, roles, activity, resources, housing."""
    c = calage()
    modele, commun = c["modele"], c["commun"]
    n = len(men["type"])
    taille = men["nb_adultes"] + men["nb_enfants"]
    m = np.repeat(np.arange(n), taille)  # the household of each person
    debut = np.cumsum(taille) - taille
    rang = np.arange(len(m)) - debut[m]
    adulte = rang < men["nb_adultes"][m]
    type_p = men["type"][m]
    qpv_p = men["qpv"][m]
    p = len(m)

    # Ages: the reference person's by household type, the partner's near it, the children's below.
    ages_modele = _valeur(modele, "ages")
    age_ref = np.zeros(n)
    u1, u2 = rng.random(n), rng.random(n)
    for k, nom in enumerate(TYPES):
        masque = men["type"] == k
        bornes, poids = ages_modele[nom]
        age_ref[masque] = _tire_intervalles(bornes, poids, u1[masque], u2[masque])
    ecart = np.where(type_p == AUTRE, rng.uniform(-4, 4, p), rng.normal(0, 3, p))
    age = np.where(rang == 0, age_ref[m], np.clip(age_ref[m] + ecart, 18, 99))
    # Children are at least 20 years younger than their youngest parent.
    plus_jeune = np.full(n, np.inf)
    np.minimum.at(plus_jeune, m[adulte], age[adulte])
    age_max_enfant = np.clip(plus_jeune[m] - 20, 0, 24.99)
    age = np.where(adulte, age, rng.random(p) * age_max_enfant)
    ans = np.floor(age).astype(int)
    naissance = (np.datetime64(str(mois.start), "D") - np.round(age * 365.25).astype("timedelta64[D]")).astype("datetime64[D]")

    # Precarious households: of working age, no stable income (the calibrated lever of the caseload).
    precarite = np.array([_valeur(modele, "precarite")[k] for k in TYPES])
    risque = precarite[men["type"]] * np.where(men["qpv"], _valeur(modele, "risque_qpv"), 1.0)
    avec_enfants = np.isin(men["type"], (COUPLE_ENFANTS, MONOPARENTALE))
    age_actif = (age_ref >= np.where(avec_enfants, 18, 25)) & (age_ref < AGE_RETRAITE)
    precaire = age_actif & (rng.random(n) < np.minimum(risque, 0.95))
    precaire_p = precaire[m]

    # Activity and resources of each adult.
    retraite = adulte & ((ans >= AGE_RETRAITE) | ((ans >= 60) & (rng.random(p) < 0.3)))
    actif = adulte & ~retraite
    activite = np.full(p, ACTIVITES.index("inactif"), dtype=np.int8)
    salaire = np.zeros(p)
    chomage = np.zeros(p)
    pension = np.zeros(p)
    inscription = np.zeros(p, dtype=np.int32)

    activite[retraite] = ACTIVITES.index("retraite")
    pension[retraite] = _quantiles(_valeur(commun, "retraites"), rng.random(p))[retraite] * indice

    pauvres = actif & precaire_p
    petits = _valeur(modele, "petits_revenus_precaires")
    chomeur = pauvres & (rng.random(p) < _valeur(modele, "chomeurs_precaires"))
    activite[chomeur] = ACTIVITES.index("chomeur")
    inscription[chomeur] = np.minimum(1 + rng.geometric(1 / 22, p), 120)[chomeur]
    avec_petits = pauvres & (rng.random(p) < petits["part"])
    salaire[avec_petits] = rng.uniform(petits["minimum"], petits["maximum"], p)[avec_petits] * indice

    autres = actif & ~precaire_p
    etudiant = autres & (ans < 25) & (rng.random(p) < _valeur(modele, "etudiants_18_24"))
    activite[etudiant] = ACTIVITES.index("etudiant")
    job = etudiant & (rng.random(p) < 0.25)
    salaire[job] = rng.uniform(200, 800, p)[job] * indice
    emploi_modele = _valeur(modele, "emploi")
    taux_emploi = np.select([ans < 25, ans < 55], [emploi_modele["moins_de_25_ans"], emploi_modele["de_25_a_54_ans"]], emploi_modele["de_55_a_61_ans"])
    en_emploi = autres & ~etudiant & (rng.random(p) < taux_emploi)
    sans_emploi = autres & ~etudiant & ~en_emploi
    seul_adulte = np.isin(type_p, (SEULE, AUTRE, MONOPARENTALE))
    indemnise = sans_emploi & (seul_adulte | (rng.random(p) < _valeur(modele, "chomage_indemnise")))
    u_salaire = rng.random(p) ** np.where(qpv_p, 1.5, 1.0)
    eqtp = _quantiles(_valeur(commun, "salaires_eqtp"), u_salaire, plancher=smic_net_reference) * indice
    temps_partiel = _valeur(commun, "temps_partiel")
    taux_partiel = np.select([ans < 25, ans < 50], [temps_partiel["moins_de_25_ans"], temps_partiel["de_25_a_49_ans"]], temps_partiel["de_50_ans_et_plus"])
    partiel = rng.random(p) < taux_partiel
    classes = np.array(_valeur(commun, "quotite_temps_partiel"), dtype=float)
    classe = _classe(classes[:, 0], rng.random(p))
    quotite = classes[classe, 1] + rng.random(p) * (classes[classe, 2] - classes[classe, 1])
    activite[en_emploi] = ACTIVITES.index("actif")
    salaire[en_emploi] = (eqtp * np.where(partiel, quotite, 1.0))[en_emploi]
    activite[indemnise] = ACTIVITES.index("chomeur")
    chomage[indemnise] = (0.65 * eqtp)[indemnise]
    inscription[indemnise] = rng.integers(1, 25, p)[indemnise]

    # Children: in education, or (16 and over) some with a small job.
    enfant = ~adulte
    activite[enfant & (ans >= 3)] = ACTIVITES.index("etudiant")
    job_enfant = enfant & (ans >= 16) & (rng.random(p) < 0.15)
    salaire[job_enfant] = rng.uniform(300, 1000, p)[job_enfant] * indice

    # Level of study and disabled-worker recognition of the adults under 65.
    diplome_modele = _valeur(modele, "diplome")
    diplome = np.where(
        precaire_p,
        _tire(rng, np.array(diplome_modele["precaire"]), p),
        _tire(rng, np.array(diplome_modele["autre"]), p),
    )
    niveau = np.where(adulte, 1 + diplome, 0)  # codes in ("non_renseigne", *DIPLOMES)
    rqth_modele = _valeur(modele, "rqth")
    rqth = adulte & (ans < 65) & (rng.random(p) < np.where(precaire_p, rqth_modele["precaire"], rqth_modele["autre"]))

    # Famille of each person: a flat-share's adults each form their own; otherwise one famille.
    famille_locale = np.where((type_p == AUTRE) & adulte, rang, 0)
    famille_role = np.where(adulte & ((rang == 0) | (type_p == AUTRE)), 0, np.where(adulte, 1, 2))  # ROLES_FAMILLE
    menage_role = np.select([rang == 0, adulte & (type_p == AUTRE), adulte], [0, 3, 1], 2)  # ROLES_MENAGE
    return {
        "m": m, "famille_locale": famille_locale, "famille_role": famille_role, "menage_role": menage_role,
        "age": ans, "date_naissance": naissance, "activite": activite, "salaire_net": salaire,
        "chomage_net": chomage, "retraite_nette": pension, "duree_inscription_france_travail": inscription,
        "niveau_diplome": niveau, "rqth": rqth, "precaire": precaire, "enfant": enfant,
    }


def _logement(rng, territoire: str, men: dict, pers: dict, indice: float) -> dict:
    """Tenure, rent and housing aid of each household (the family benefits are left to the engine)."""
    c = calage()
    modele = c["modele"]
    n = len(men["type"])
    m = pers["m"]
    qpv, precaire = men["qpv"], pers["precaire"]
    # Tenure: given in QPV and for precarious households; outside, solved so that the whole
    # territory matches the published shares.
    cible = np.array([_valeur(c[territoire], "occupation")[k] for k in OCCUPATIONS])
    p_qpv = np.array([_valeur(modele, "occupation_qpv")[k] for k in OCCUPATIONS])
    p_precaire = np.array([_valeur(modele, "occupation_precaire")[k] for k in OCCUPATIONS])
    hors_precaire = ~qpv & precaire
    reste = ~qpv & ~precaire
    p_reste = (cible - qpv.mean() * p_qpv - hors_precaire.mean() * p_precaire) / max(reste.mean(), 1e-9)
    p_reste = np.clip(p_reste, 1e-3, None)
    occupation = np.select(
        [qpv, hors_precaire], [_tire(rng, p_qpv, n), _tire(rng, p_precaire, n)], _tire(rng, p_reste, n)
    )
    statut = occupation
    taille = np.bincount(m, minlength=n)
    loyer = np.zeros(n)
    for nom, (base, par_personne) in _valeur(modele, "loyers").items():
        masque = statut == OCCUPATIONS.index(nom)
        loyer[masque] = ((base + par_personne * (taille - 1)) * np.exp(rng.normal(0, 0.15, n)))[masque] * indice
    locataire = np.isin(statut, [OCCUPATIONS.index(nom) for nom in _valeur(modele, "loyers")])

    # Familles: index of each person's famille, its resources and its children.
    famille = m * 4 + pers["famille_locale"]
    _, premiere, famille_index = np.unique(famille, return_index=True, return_inverse=True)
    nb_familles = len(premiere)
    ressources = np.bincount(famille_index, pers["salaire_net"] + pers["chomage_net"] + pers["retraite_nette"], nb_familles)
    membres = np.bincount(famille_index, minlength=nb_familles)
    al = _valeur(modele, "aide_logement")
    aide = (al["base"] + al["par_personne"] * (membres - 1)) * indice - al["taux"] * ressources
    aide = np.where(locataire[m[premiere]] & (aide >= al["minimum"] * indice), aide, 0.0)
    return {
        "statut_occupation_logement": statut, "loyer": loyer, "famille_index": famille_index,
        "aide_logement": aide[famille_index],
    }


def _blocs(territoire: str, periode: str, graine: int, personnes: int | None, tbs, bloc: int):
    """The population's households as (block number, households drawn, persons drawn, generator of
    the block's table): block after block, so that a large population is never held whole."""
    _verifie(territoire)
    try:
        mois, indice, smic_net = _parametres(periode, tbs)
    except (ValueError, TypeError) as erreur:
        raise ErreurMetropole(f"invalid period '{periode}': expected a month (2025-06)") from erreur
    smic_net_reference = smic_net / indice
    table_communes = communes(territoire)
    population = int(table_communes["population"].sum())
    cible = population if personnes is None else int(personnes)
    if cible < 1:
        raise ErreurMetropole(f"personnes must be at least 1 (got {personnes})")
    taille_moyenne = _valeur(calage()[territoire], "taille_menage")
    nb_menages = max(1, round(cible / taille_moyenne))
    conference = pd.factorize(table_communes["conference_code"])
    par_commune = territoire not in PAR_REGION

    def table_du_bloc(numero: int, premier_menage: int, premier_individu: int) -> pd.DataFrame:
        rng = np.random.default_rng([graine, numero])
        men = _menages(rng, min(bloc, nb_menages - numero * bloc), territoire, table_communes)
        pers = _personnes(rng, men, mois, indice, smic_net_reference)
        log = _logement(rng, territoire, men, pers, indice)
        m = pers["m"]
        commune = men["commune"][m]
        colonnes = {
            "individu_id": premier_individu + np.arange(len(m), dtype=np.int64),
            "famille_id": (premier_menage + m) * 4 + pers["famille_locale"],
            "famille_role": _categorie(pers["famille_role"], ROLES_FAMILLE),
            "menage_id": premier_menage + m.astype(np.int64),
            "menage_role": _categorie(pers["menage_role"], ROLES_MENAGE),
        }
        if par_commune:
            colonnes["depcom"] = _categorie(commune, table_communes["insee"])
        colonnes |= {
            "conference_territoriale": _categorie(conference[0][commune], conference[1]),
            "qpv": men["qpv"][m],
            "date_naissance": pers["date_naissance"],
            "activite": _categorie(pers["activite"], ACTIVITES),
            "salaire_net": np.round(pers["salaire_net"], 2),
            "chomage_net": np.round(pers["chomage_net"], 2),
            "retraite_nette": np.round(pers["retraite_nette"], 2),
            "duree_inscription_france_travail": pers["duree_inscription_france_travail"],
            "niveau_diplome": _categorie(pers["niveau_diplome"], ("non_renseigne", *DIPLOMES)),
            "rqth": pers["rqth"],
            "statut_occupation_logement": _categorie(log["statut_occupation_logement"][m], OCCUPATIONS),
            "loyer": np.round(log["loyer"][m], 2),
            "aide_logement": np.round(log["aide_logement"], 2),
        }
        return pd.DataFrame(colonnes)

    return population, nb_menages, table_communes, table_du_bloc


def _tailles_des_blocs(territoire: str, graine: int, nb_menages: int, table_communes: pd.DataFrame, bloc: int) -> list[int]:
    """The number of persons of each block, from the household draws alone (the first draws of each
    block's stream), without drawing the persons: what the weight needs before any block is written."""
    tailles = []
    for numero, debut in enumerate(range(0, nb_menages, bloc)):
        men = _menages(np.random.default_rng([graine, numero]), min(bloc, nb_menages - debut), territoire, table_communes)
        tailles.append(int(np.sum(men["nb_adultes"] + men["nb_enfants"])))
    return tailles


def genere(
    territoire: str = "lyon",
    periode: str = "2025-06",
    graine: int = GRAINE,
    personnes: int | None = None,
    tbs=None,
    bloc: int = BLOC,
) -> pd.DataFrame:
    """The synthetic population of ``territoire`` for the month ``periode`` (ages and amounts are
    those of that month), as a population table. ``personnes``: draw about that many persons
    instead of the whole territory; the ``poids`` column then scales every household up to the
    territory's population. ``bloc``: households per generation block (each block has its own
    random stream, so the table depends on it)."""
    population, nb_menages, _, table_du_bloc = _blocs(territoire, periode, graine, personnes, tbs, bloc)
    blocs = []
    premier_menage = premier_individu = 0
    for numero, debut in enumerate(range(0, nb_menages, bloc)):
        table = table_du_bloc(numero, premier_menage, premier_individu)
        blocs.append(table)
        premier_menage += min(bloc, nb_menages - debut)
        premier_individu += len(table)
    table = pd.concat(blocs, ignore_index=True)
    table.insert(5, "poids", population / len(table))
    return table


def ecrit_parties(
    dossier,
    territoire: str = "lyon",
    periode: str = "2025-06",
    graine: int = GRAINE,
    personnes: int | None = None,
    tbs=None,
    bloc: int = BLOC,
    progression=None,
) -> tuple[int, int, int]:
    """Write the population ``genere`` would return as a Parquet dataset in ``dossier`` (created;
    it must be empty): one file ``part-NNNNN.parquet`` per generation block, whole households in each,
    written one at a time, so memory is bounded by one block whatever the size. The rows, ids and
    weights are those of ``genere`` with the same arguments. Returns (persons, menages, files)."""
    from pathlib import Path

    from openfisca_metropole.population.sorties import ecrit_table

    dossier = Path(dossier)
    if dossier.exists() and (not dossier.is_dir() or any(dossier.iterdir())):
        raise ErreurMetropole(f"{dossier}: expected a new or empty folder for the part files")
    population, nb_menages, table_communes, table_du_bloc = _blocs(territoire, periode, graine, personnes, tbs, bloc)
    tailles = _tailles_des_blocs(territoire, graine, nb_menages, table_communes, bloc)
    poids = population / sum(tailles)
    dossier.mkdir(parents=True, exist_ok=True)
    premier_menage = premier_individu = 0
    for numero, debut in enumerate(range(0, nb_menages, bloc)):
        table = table_du_bloc(numero, premier_menage, premier_individu)
        table.insert(5, "poids", poids)
        ecrit_table(table, dossier / f"part-{numero:05d}.parquet")
        premier_menage += min(bloc, nb_menages - debut)
        premier_individu += len(table)
        if progression:
            progression(premier_individu, sum(tailles))
    return premier_individu, nb_menages, len(tailles)
