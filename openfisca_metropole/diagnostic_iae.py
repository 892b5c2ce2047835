"""The IAE eligibility diagnosis of a person, as a prescriber or a structure reads it.

For each person (16 or over) of a situation, on the day of the diagnosis: the administrative criteria
met, with their level and how each can be proven (certified through a public API, or a paper proof);
the structure types that may hire the person on their own assessment and, for the others, how many
level-2 criteria are missing; what was not filled in and could change the answer; how long the
diagnosis stays valid. Before 2021-09-01, whether the person belonged to the priority publics of the
Pôle emploi agrément.

    from openfisca_metropole.diagnostic_iae import diagnostic
    rapport = diagnostic({"date_naissance": "1999-06-15", "rqth": True}, "2025-06-15")

The input is a full situation (web API format) or one person: a JSON object of variables of the
person, of the famille (``beneficiaire_rsa``...) and of the menage (``qpv``, ``zrr``), where a bare
value is the value of the diagnosis month.
"""

from __future__ import annotations

import copy
from datetime import date

from openfisca_core import periods
from openfisca_core.errors import ParameterNotFoundError

from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.iae import CRITERES, STRUCTURES, certifiable
from openfisca_metropole.preinstruction import (
    RESSOURCES_FAMILLE_RSA,
    RESSOURCES_INDIVIDU_RSA,
    _couverts,
    mois_reference_rsa,
)
from openfisca_metropole.situation import calcule, systeme, verifie_variables

DEBUT_CRITERES = date(2021, 9, 1)
PERSONNE = "personne"
SAISIES_AGE = ("date_naissance", "age", "age_en_mois")
# What iae_public_prioritaire reads (before 2021-09-01).
SAISIES_PUBLIC_PRIORITAIRE = (*SAISIES_AGE, "duree_inscription_france_travail", "niveau_diplome", "rqth", "ass", "aah")


def _jour(texte) -> date:
    if isinstance(texte, date):
        return texte
    try:
        return date.fromisoformat(str(texte))
    except ValueError as erreur:
        raise ErreurMetropole(f"invalid date '{texte}': expected a day such as 2025-06-15") from erreur


def _cle_periode(variable, mois) -> str:
    unite = variable.definition_period
    if unite == periods.DateUnit.ETERNITY:
        return "ETERNITY"
    if unite == periods.DateUnit.YEAR:
        return str(mois.this_year)
    return str(mois)


def situation_d_une_personne(personne: dict, mois) -> dict:
    """A one-person situation: the person alone in her famille, menage and foyer fiscal; each
    variable goes to its entity, a bare value to the diagnosis month."""
    tbs = systeme()
    verifie_variables(list(personne), tbs)
    par_entite: dict[str, dict] = {"individu": {}, "famille": {}, "menage": {}, "foyer_fiscal": {}}
    for nom, valeur in personne.items():
        variable = tbs.variables[nom]
        if not isinstance(valeur, dict):
            valeur = {_cle_periode(variable, mois): valeur}
        par_entite[variable.entity.key][nom] = valeur
    return {
        "individus": {PERSONNE: par_entite["individu"]},
        "familles": {"famille": {"parents": [PERSONNE], **par_entite["famille"]}},
        "menages": {"menage": {"personne_de_reference": [PERSONNE], **par_entite["menage"]}},
        "foyers_fiscaux": {"foyer_fiscal": {"declarants": [PERSONNE], **par_entite["foyer_fiscal"]}},
    }


def _instance(situation: dict, pluriel: str, roles: tuple[str, ...], personne: str) -> tuple[str | None, dict]:
    """The id and data of the group entity (famille, menage) the person belongs to."""
    for identifiant, donnees in (situation.get(pluriel) or {}).items():
        if isinstance(donnees, dict) and any(personne in (donnees.get(role) or []) for role in roles):
            return identifiant, donnees
    return None, {}


def _renseigne(donnees: dict, nom: str, mois: str) -> bool:
    """Whether ``nom`` is given in ``donnees`` for the month (ETERNITY inputs: given at all)."""
    valeurs = donnees.get(nom)
    if valeurs is None:
        return False
    if systeme().variables[nom].definition_period == periods.DateUnit.ETERNITY:
        return True
    couverts = _couverts(valeurs)
    return bool(couverts) and mois in couverts


def _ajoute_date(situation: dict, jour: date, mois: str) -> None:
    for donnees in (situation.get("individus") or {}).values():
        if isinstance(donnees, dict) and "iae_date_diagnostic" not in donnees:
            donnees["iae_date_diagnostic"] = {mois: jour.isoformat()}


def _ajoute_mois(jour: date, mois: int) -> date:
    """The same day ``mois`` months later (the last day of the month when it does not exist)."""
    annee, rang = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    rang += 1
    for quantieme in range(jour.day, 27, -1):
        try:
            return date(annee, rang, quantieme)
        except ValueError:
            continue
    return date(annee, rang, min(jour.day, 28))


def _ressources_rsa_declarees(situation: dict, famille: dict, famille_id: str | None, mois: list[str]) -> bool:
    """Whether any resource the RSA reads is given for one of its reference months."""
    instances = [(famille, RESSOURCES_FAMILLE_RSA)]
    for membre in [*(famille.get("parents") or []), *(famille.get("enfants") or [])]:
        instances.append(((situation.get("individus") or {}).get(membre) or {}, RESSOURCES_INDIVIDU_RSA))
    for donnees, noms in instances:
        for nom in noms:
            if any(_renseigne(donnees, nom, m) for m in mois):
                return True
    return False


VARIABLES_INDIVIDU = (
    "iae_age",
    *(critere.variable for critere in CRITERES),
    "iae_nb_criteres_niveau_1",
    "iae_nb_criteres_niveau_2",
    *(f"iae_eligible_{structure}" for structure in STRUCTURES),
    "iae_public_prioritaire",
)


def diagnostic(donnees: dict, jour, personnes: list[str] | None = None) -> dict:
    """The IAE diagnosis of each person of ``donnees`` (a situation, or one person) on ``jour``."""
    if not isinstance(donnees, dict):
        raise ErreurMetropole("the diagnosis reads a JSON object: a situation or one person's variables")
    jour = _jour(jour)
    if jour < date(2009, 6, 1):
        raise ErreurMetropole(f"invalid date '{jour}': this engine starts in 2009-06")
    periode_mois = periods.period(jour.strftime("%Y-%m"))
    mois = str(periode_mois)
    if "individus" in donnees:
        situation = copy.deepcopy(donnees)
    else:
        situation = situation_d_une_personne(donnees, periode_mois)
    _ajoute_date(situation, jour, mois)
    individus = situation.get("individus") or {}
    for personne, donnees_personne in individus.items():
        if not isinstance(donnees_personne, dict) or not any(nom in donnees_personne for nom in SAISIES_AGE):
            raise ErreurMetropole(
                f"individus.{personne}: date_naissance is needed for the IAE diagnosis (age criteria, minimum hiring age)"
            )
    if personnes:
        inconnues = [p for p in personnes if p not in individus]
        if inconnues:
            raise ErreurMetropole(f"--person {inconnues[0]}: no such person in the situation ({', '.join(individus)})")
    resultats = calcule(situation, mois, [*VARIABLES_INDIVIDU, "beneficiaire_rsa", "rsa"])
    valeurs = resultats.valeurs.get("individus", {})
    valeurs_familles = resultats.valeurs.get("familles", {})
    parametres = systeme().parameters(jour.isoformat()).iae
    rapport = {
        "date": jour.isoformat(),
        "regime": "criteres" if jour >= DEBUT_CRITERES else "agrement",
        "personnes": {},
    }
    minimum = parametres.age.minimum_embauche
    for personne, resultat in valeurs.items():
        if personnes and personne not in personnes:
            continue
        if resultat["iae_age"] < minimum and not personnes:
            continue
        rapport["personnes"][personne] = _diagnostic_personne(
            situation, personne, resultat, valeurs_familles, periode_mois, jour, parametres
        )
    if not rapport["personnes"]:
        raise ErreurMetropole(f"no person aged {minimum} or more to diagnose on {jour}")
    return rapport


def _diagnostic_personne(situation, personne, resultat, valeurs_familles, periode_mois, jour, parametres) -> dict:
    mois = str(periode_mois)
    donnees = (situation.get("individus") or {}).get(personne) or {}
    famille_id, famille = _instance(situation, "familles", ("parents", "enfants"), personne)
    _, menage = _instance(
        situation, "menages", ("personne_de_reference", "conjoint", "enfants", "autres"), personne
    )
    parent = personne in (famille.get("parents") or [])
    sources = {"individu": donnees, "famille": famille, "menage": menage}
    manquant: list[dict] = []
    avertissements: list[str] = []
    for critere in CRITERES:
        for nom in critere.saisies:
            if jour < DEBUT_CRITERES and nom not in SAISIES_PUBLIC_PRIORITAIRE:
                continue
            if nom in SAISIES_AGE:
                continue  # the diagnosis refuses a person without date of birth
            entite = systeme().variables[nom].entity.key
            if nom == "beneficiaire_rsa":
                continue
            if not _renseigne(sources[entite], nom, mois):
                deja = next((m for m in manquant if m["saisie"] == nom), None)
                if deja:
                    deja["criteres"].append(critere.code)
                else:
                    manquant.append({"saisie": nom, "criteres": [critere.code]})
    rsa_famille = valeurs_familles.get(famille_id, {}) if famille_id else {}
    rsa_declare = _renseigne(famille, "beneficiaire_rsa", mois) or _renseigne(famille, "rsa", mois)
    if parent and not rsa_declare:
        mois_rsa = mois_reference_rsa(periode_mois)
        if rsa_famille.get("beneficiaire_rsa"):
            avertissements.append(
                f"RSA : droit calculé ({rsa_famille.get('rsa', 0):.2f} € pour {mois}), non déclaré comme perçu ; "
                "le critère vaut pour une personne qui perçoit le RSA : à confirmer par la certification CAF/MSA"
            )
        if not _ressources_rsa_declarees(situation, famille, famille_id, mois_rsa):
            manquant.append(
                {
                    "saisie": "beneficiaire_rsa",
                    "criteres": ["rsa"],
                    "detail": f"ni perception du RSA déclarée ni ressources des mois {mois_rsa[0]} → {mois_rsa[-1]} : "
                    "le droit au RSA a été calculé sur des ressources nulles",
                }
            )
    criteres = []
    for critere in CRITERES:
        if resultat[critere.variable]:
            niveau = parametres.criteres.niveau[critere.code]
            criteres.append(
                {
                    "code": critere.code,
                    "variable": critere.variable,
                    "libelle": critere.libelle,
                    "niveau": int(niveau),
                    "certification": critere.certification if certifiable(critere, jour) else "",
                    "justificatif": critere.justificatif,
                }
            )
    structures = {}
    if jour >= DEBUT_CRITERES:
        for structure, libelle in STRUCTURES.items():
            try:
                requis = int(parametres.nb_criteres_niveau_2_requis[structure])
            except ParameterNotFoundError:  # a structure type whose rule was not yet in force
                requis = None
            eligible = bool(resultat[f"iae_eligible_{structure}"])
            manque = 0
            if not eligible and requis is not None and resultat["iae_nb_criteres_niveau_1"] == 0:
                manque = max(requis - resultat["iae_nb_criteres_niveau_2"], 0)
            structures[structure] = {
                "libelle": libelle,
                "eligible": eligible,
                "en_vigueur": requis is not None,
                "criteres_niveau_2_requis": requis,
                "criteres_niveau_2_manquants": manque,
            }
    validite = {}
    if jour >= DEBUT_CRITERES:
        durees = parametres.durees
        validite = {
            "diagnostic_prescripteur_jusqu_au": _ajoute_mois(jour, int(durees.diagnostic_prescripteur)).isoformat(),
            "diagnostic_siae_jusqu_au": _ajoute_mois(jour, int(durees.diagnostic_siae)).isoformat(),
            "pass_iae_mois": int(durees.pass_iae),
            "delai_carence_mois": int(durees.delai_carence),
        }
    return {
        "age": resultat["iae_age"],
        "parent": parent,
        "criteres": criteres,
        "nb_criteres_niveau_1": resultat["iae_nb_criteres_niveau_1"],
        "nb_criteres_niveau_2": resultat["iae_nb_criteres_niveau_2"],
        "structures": structures,
        "public_prioritaire": bool(resultat["iae_public_prioritaire"]),
        "informations_manquantes": manquant,
        "avertissements": avertissements,
        "validite": validite,
    }


LIBELLES_SAISIES = {
    "date_naissance": "date de naissance",
    "duree_inscription_france_travail": "durée d'inscription à France Travail (mois)",
    "niveau_diplome": "niveau du plus haut diplôme obtenu",
    "rqth": "reconnaissance de la qualité de travailleur handicapé",
    "sortant_ase": "sortie de l'aide sociale à l'enfance",
    "sans_domicile": "situation de logement (sans domicile, hébergé)",
    "refugie_ou_demandeur_asile": "statut de réfugié, protection ou demande d'asile",
    "sortant_detention_ou_sous_main_justice": "sortie de détention ou mesure de justice",
    "niveau_francais_inferieur_a1": "niveau de français",
    "probleme_mobilite": "diagnostic de mobilité",
    "qpv": "adresse en quartier prioritaire (QPV)",
    "zrr": "adresse en zone de revitalisation rurale (ZRR / FRR)",
    "ass": "perception de l'ASS",
    "aah": "perception de l'AAH",
    "beneficiaire_rsa": "perception du RSA",
}


def _date_fr(texte: str) -> str:
    return date.fromisoformat(texte).strftime("%d/%m/%Y")


def texte(rapport: dict) -> str:
    """The diagnosis as a prescriber reads it."""
    jour = _date_fr(rapport["date"])
    lignes = [f"Diagnostic d'éligibilité à l'insertion par l'activité économique — {jour}"]
    if rapport["regime"] == "agrement":
        lignes.append(
            "Avant le 1er septembre 2021 : l'embauche en structure d'insertion ouvre l'aide de l'État après "
            "l'agrément de Pôle emploi ; les critères administratifs n'existent pas encore."
        )
    for personne, d in rapport["personnes"].items():
        nom = "La personne" if personne == PERSONNE else f"Personne {personne}"
        lignes += ["", f"{nom} ({d['age']} ans)"]
        if rapport["regime"] == "agrement":
            verdict = "oui" if d["public_prioritaire"] else "non"
            lignes.append(f"  Public prioritaire de l'IAE (orientation vers l'agrément Pôle emploi) : {verdict}")
        else:
            lignes.append(
                f"  Critères remplis : {d['nb_criteres_niveau_1']} de niveau 1, {d['nb_criteres_niveau_2']} de niveau 2"
            )
            for c in d["criteres"]:
                preuve = f"certifiable par {c['certification']}" if c["certification"] else f"justificatif : {c['justificatif']}"
                lignes.append(f"    - [niveau {c['niveau']}] {c['libelle']} — {preuve}")
            lignes.append("  Structures pouvant embaucher sur ces critères :")
            for s in d["structures"].values():
                if not s["en_vigueur"]:
                    etat = "règle pas encore en vigueur à cette date"
                elif s["eligible"]:
                    etat = "oui"
                else:
                    n = s["criteres_niveau_2_manquants"]
                    etat = f"non (il manque {n} critère{'s' if n > 1 else ''} de niveau 2)"
                lignes.append(f"    - {s['libelle']} : {etat}")
            if not any(s["eligible"] for s in d["structures"].values()):
                lignes.append(
                    "  Aucune structure sur les seuls critères : un prescripteur habilité peut valider "
                    "l'éligibilité après un diagnostic socio-professionnel."
                )
            v = d["validite"]
            lignes.append(
                f"  Validité : diagnostic d'un prescripteur jusqu'au {_date_fr(v['diagnostic_prescripteur_jusqu_au'])}, "
                f"d'une structure jusqu'au {_date_fr(v['diagnostic_siae_jusqu_au'])} ; PASS IAE de {v['pass_iae_mois']} mois ; "
                f"délai de carence de {v['delai_carence_mois']} mois après un parcours"
            )
        for a in d["avertissements"]:
            lignes.append(f"  Attention : {a}")
        partout = bool(d["structures"]) and all(s["eligible"] for s in d["structures"].values() if s["en_vigueur"])
        if d["informations_manquantes"] and partout:
            noms = ", ".join(m["saisie"] for m in d["informations_manquantes"])
            lignes.append(f"  Non renseigné, sans effet sur l'éligibilité : {noms}")
        elif d["informations_manquantes"]:
            lignes.append("  Non renseigné (ces critères sont comptés comme non remplis) :")
            for m in d["informations_manquantes"]:
                libelle = LIBELLES_SAISIES.get(m["saisie"], m["saisie"])
                detail = f" — {m['detail']}" if m.get("detail") else ""
                lignes.append(f"    - {libelle} ({m['saisie']}) : critère(s) {', '.join(m['criteres'])}{detail}")
        else:
            lignes.append("  Informations : complètes")
    return "\n".join(lignes)
