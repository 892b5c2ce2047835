"""Take-up: who, among the households entitled, actually receives the RSA, the prime d'activité and the
complémentaire santé solidaire.

Three modes for a population run:

- ``entitlement``: every entitled household claims (the law's answer, the default);
- ``expected``: each household counts for its entitlement × its probability of claiming
  (1 − the non-take-up rate of ``parameters/non_recours``); deterministic;
- ``draw``: each famille draws one number per program from a seeded hash of its identifier, and
  claims when that number is below its probability of claiming. The draw depends on the seed and the
  famille's identifier only, so a baseline and a reform run on the same population draw the same
  numbers: a household whose entitlement and rate do not change claims in both or in neither.

The CSS without contribution granted with the RSA (``css_attribution_automatique``, L861-2 CSS since
2022) is received by every household that claims the RSA; one that does not can still claim the CSS
on its own, with the CSS's own rate (in ``expected`` mode the two are taken as independent:
1 − (1 − p_css)(1 − p_rsa)).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

MODES = ("entitlement", "expected", "draw")
GRAINE_RECOURS = 2025
# The programs whose take-up is modelled: famille output -> how entitlement reads.
PROGRAMMES_RECOURS = ("rsa", "ppa", "css")
# Outputs a run needs for take-up, on top of the programs' own.
SORTIES_RECOURS = ("css_attribution_automatique",)


def _valeur(noeud, instant):
    """The value of a take-up rate at ``instant``, or its first known value when ``instant`` is
    earlier than the first measure (a rate observed in 2018 stands for the years before)."""
    valeur = noeud(instant)
    if valeur is None:
        valeur = noeud.values_list[-1].value
    return float(valeur)


def taux_non_recours(tbs, periode: str) -> dict:
    """The non-take-up rates in force for the month ``periode``, from ``parameters/non_recours``."""
    instant = f"{periode}-01"
    racine = tbs.parameters.non_recours
    return {
        "rsa": {
            "ensemble": _valeur(racine.rsa.ensemble, instant),
            "famille monoparentale": _valeur(racine.rsa.famille_monoparentale, instant),
            "couple sans enfant": _valeur(racine.rsa.couple_sans_enfant, instant),
        },
        "ppa": _valeur(racine.ppa, instant),
        "css_gratuite": _valeur(racine.css.gratuite, instant),
        "css_participation": _valeur(racine.css.participation, instant),
    }


def tirages(identifiants, graine: int, programme: str) -> np.ndarray:
    """One number in [0, 1) per identifier, from a keyed hash (SipHash, pandas' ``hash_array``) of the
    identifier, keyed by the seed and the program: the same famille draws the same number in every
    run that uses the same seed."""
    cle = hashlib.blake2b(f"{graine}:{programme}".encode(), digest_size=8).hexdigest()  # 16 characters
    valeurs = pd.util.hash_array(np.asarray(identifiants, dtype=object), hash_key=cle, categorize=False)
    return (valeurs >> np.uint64(11)).astype(np.float64) / float(2**53)


def probabilites(familles: pd.DataFrame, taux: dict) -> dict[str, np.ndarray]:
    """The probability that each famille claims each program when entitled. ``familles`` carries
    ``type_menage`` (population.resume.cadre_familles) and the programs' outputs. A reform changes
    take-up by changing the rates of ``parameters/non_recours`` (reforms/declaration_preremplie.py):
    a comparison reads the rates of each side's own system."""
    types = familles["type_menage"].to_numpy()
    rsa = np.full(len(familles), taux["rsa"]["ensemble"])
    for type_menage in ("famille monoparentale", "couple sans enfant"):
        rsa[types == type_menage] = taux["rsa"][type_menage]
    non_recours = {
        "rsa": rsa,
        "ppa": np.full(len(familles), taux["ppa"]),
        "css": np.where(
            familles["css_droit"].to_numpy() == "avec_participation", taux["css_participation"], taux["css_gratuite"]
        ),
    }
    return {programme: 1.0 - np.clip(taux_nr, 0.0, 1.0) for programme, taux_nr in non_recours.items()}


def applique(familles: pd.DataFrame, mode: str, taux: dict, graine: int = GRAINE_RECOURS) -> pd.DataFrame:
    """``familles`` with, for each program, ``<program>_recours`` (the weight of its claim: 0 or 1, or
    a probability in ``expected`` mode) and, for RSA and PPA, ``<program>_percu`` (the amount
    received). Entitlement columns are left as they are."""
    if mode not in MODES:
        raise ValueError(f"unknown take-up mode '{mode}': expected one of {', '.join(MODES)}")
    familles = familles.copy()
    n = len(familles)
    droit_css = familles["css_droit"].to_numpy() != "aucun" if "css_droit" in familles.columns else np.zeros(n, bool)
    if mode == "entitlement":
        recours = {p: np.ones(n) for p in PROGRAMMES_RECOURS}
    else:
        proba = probabilites(familles, taux)
        if mode == "expected":
            recours = proba
        else:
            identifiants = familles["famille_id"].astype(str).to_numpy()
            recours = {p: (tirages(identifiants, graine, p) < proba[p]).astype(np.float64) for p in PROGRAMMES_RECOURS}
        # The CSS granted with the RSA (or, under a reform, with the prime) is received by whoever
        # claims that benefit; a household that does not can still claim the CSS on its own.
        if "css_attribution_automatique" in familles.columns:
            automatique = familles["css_attribution_automatique"].to_numpy().astype(bool)
            avec_rsa = familles["rsa"].to_numpy() > 0
            suit = np.where(avec_rsa, recours["rsa"], recours["ppa"])
            # draw: one or the other (0/1); expected: independent draws, 1 − (1 − p)(1 − q)
            avec = 1.0 - (1.0 - recours["css"]) * (1.0 - suit)
            recours["css"] = np.where(automatique, avec, recours["css"])
    for programme in ("rsa", "ppa"):
        if programme in familles.columns:
            montant = familles[programme].to_numpy(dtype="float64")
            familles[f"{programme}_recours"] = recours[programme] * (montant > 0)
            familles[f"{programme}_percu"] = montant * recours[programme]
    familles["css_recours"] = recours["css"] * droit_css
    return familles
