"""Random families in the web API's JSON format, identical for openfisca_metropole and openfisca-france.

Every input is set explicitly for every month either engine reads (the reference months, the month
computed, and the month before it), so that neither engine fills a gap with a formula of its own.
"""

from __future__ import annotations

import numpy as np
from openfisca_core import periods

STATUTS = ["locataire_vide", "locataire_hlm", "locataire_meuble", "proprietaire", "primo_accedant", "loge_gratuitement"]


def mois_lus(mois: str, nombre: int = 6) -> list[str]:
    """The month computed and the ``nombre - 1`` before it: M-5..M holds every month the RSA and
    the prime d'activité read; the CSS reads M-13..M-1."""
    periode = periods.period(mois)
    return [str(periode.offset(-k, "month")) for k in range(nombre - 1, -1, -1)]


def _montants(rng, lus, probabilite, bas, haut, arret=0.0):
    """A monthly amount for each month read, or nothing; stops in the last months with ``arret``."""
    if rng.random() >= probabilite:
        return {m: 0.0 for m in lus}
    niveau = rng.uniform(bas, haut)
    valeurs = {m: round(float(niveau * rng.uniform(0.7, 1.3)), 2) for m in lus}
    if rng.random() < arret:
        coupure = int(rng.integers(len(lus) - 3, len(lus)))
        for m in lus[coupure:]:
            valeurs[m] = 0.0
    return valeurs


def famille_aleatoire(
    rng: np.random.Generator, mois: str, numero: int, actifs: float = 0.4, nb_mois: int = 6
) -> dict:
    """One famille with its menage and foyer fiscal, as a situation of its own; ``actifs`` is the
    probability that an adult has a salary; inputs are given for the ``nb_mois`` months up to M."""
    lus = mois_lus(mois, nb_mois)
    annee = int(mois[:4])
    couple = rng.random() < 0.4
    nb_enfants = int(rng.choice([0, 1, 2, 3, 4], p=[0.45, 0.2, 0.2, 0.1, 0.05]))
    individus, parents, enfants = {}, [], []
    for k in range(2 if couple else 1):
        nom = f"p{numero}_{k}"
        age = int(rng.choice([rng.integers(18, 25), rng.integers(25, 65)], p=[0.2, 0.8]))
        etranger = rng.random() < 0.1
        individu = {
            "date_naissance": {"ETERNITY": f"{annee - age - 1}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"},
            "salaire_net": _montants(rng, lus, actifs, 100, 2200, arret=0.15),
            "chomage_net": _montants(rng, lus, 0.15, 300, 1200, arret=0.1),
            "retraite_nette": _montants(rng, lus, 0.04, 300, 1400),
            "pensions_alimentaires_percues": _montants(rng, lus, 0.05, 50, 400),
            "aah": {m: 0.0 for m in lus},
            "ass": {m: 0.0 for m in lus},
            "asi": {m: 0.0 for m in lus},
            "livret_a": dict.fromkeys(lus, float(rng.choice([0, rng.uniform(0, 12000)], p=[0.8, 0.2]))),
            "enceinte": {m: bool(nb_enfants == 0 and rng.random() < 0.05) for m in lus[-1:]},
            "rsa_jeune_condition_heures_travail_remplie": {lus[-1]: bool(age < 25 and rng.random() < 0.3)},
            "activite": {lus[-1]: "etudiant" if rng.random() < 0.04 else "inactif"},
            "nationalite": {lus[-1]: str(rng.choice(["PT", "DZ"])) if etranger else "FR"},
            "duree_possession_titre_sejour": {lus[-1]: float(rng.choice([0.1, 0.5, 3, 6, 10])) if etranger else 0.0},
        }
        individus[nom] = individu
        parents.append(nom)
    for k in range(nb_enfants):
        nom = f"e{numero}_{k}"
        age = int(rng.choice([rng.integers(0, 3), rng.integers(3, 18), rng.integers(18, 25)], p=[0.25, 0.6, 0.15]))
        individus[nom] = {
            "date_naissance": {"ETERNITY": f"{annee - age - 1}-{int(rng.integers(1, 13)):02d}-15"},
            "salaire_net": {m: 0.0 for m in lus},
        }
        enfants.append(nom)
    statut = str(rng.choice(STATUTS))
    locataire = statut.startswith("locataire")
    aide = float(rng.uniform(40, 450)) if locataire and rng.random() < 0.7 else 0.0
    zero = {m: 0.0 for m in lus}
    situation = {
        "individus": individus,
        "familles": {
            f"f{numero}": {
                "parents": parents,
                "enfants": enfants,
                "aide_logement": {m: aide for m in lus},
                "rsa_isolement_recent": {lus[-1]: bool(not couple and rng.random() < 0.3)},
                "af": dict(zero), "cf": dict(zero), "asf": dict(zero), "paje_base": dict(zero), "aspa": dict(zero),
            }
        },
        "foyers_fiscaux": {f"ff{numero}": {"declarants": parents, "personnes_a_charge": enfants}},
        "menages": {
            f"m{numero}": {
                "personne_de_reference": parents[:1],
                "conjoint": parents[1:],
                "enfants": enfants,
                "statut_occupation_logement": {lus[-1]: statut},
                "loyer": {lus[-1]: float(rng.choice([0.0, 550.0])) if statut == "primo_accedant" else (500.0 if locataire else 0.0)},
                "participation_frais": {lus[-1]: bool(rng.random() < 0.5)},
            }
        },
    }
    return situation


def fusionne(situations: list[dict]) -> dict:
    """One situation holding every famille (ids are unique across situations)."""
    total: dict = {"individus": {}, "familles": {}, "foyers_fiscaux": {}, "menages": {}}
    for situation in situations:
        for cle in total:
            total[cle].update(situation[cle])
    return total


def population(graine: int, mois: str, nombre: int) -> list[dict]:
    rng = np.random.default_rng(graine)
    return [famille_aleatoire(rng, mois, k) for k in range(nombre)]


def famille_travailleuse(rng: np.random.Generator, mois: str, numero: int) -> dict:
    """A famille for the prime d'activité: most adults work; some are students or apprentices, some
    receive the AAH; the statuses and the AAH are drawn after the RSA draws."""
    situation = famille_aleatoire(rng, mois, numero, actifs=0.8)
    lus = mois_lus(mois)
    for nom, individu in situation["individus"].items():
        if not nom.startswith("p"):
            continue
        tirage = rng.random()
        if tirage < 0.06:
            individu["activite"] = {lus[-1]: "etudiant"}
        elif tirage < 0.10:
            individu["apprenti"] = {lus[-1]: True}
            individu["remuneration_apprenti"] = _montants(rng, lus, 1.0, 500, 1400)
        if rng.random() < 0.05:
            individu["aah"] = {m: round(float(rng.uniform(300, 1000)), 2) for m in lus}
    return situation


def population_travailleuse(graine: int, mois: str, nombre: int) -> list[dict]:
    rng = np.random.default_rng(graine)
    return [famille_travailleuse(rng, mois, k) for k in range(nombre)]
