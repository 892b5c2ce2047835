"""The IAE eligibility diagnosis of a person, as a prescriber or a structure reads it.

For each person of a situation (16 or over, unless named with ``personnes``), on the day of the
diagnosis: the administrative criteria met, with their level and their proof (the paper proof of the
arrêté's annex 2, and whether the State's téléservice can certify it); the structure types that may
hire the person on their own assessment and, for the others, how many level-2 criteria are missing;
what was not filled in and could change the answer; how long the diagnosis stays valid. Before
2021-09-01, whether the person belonged to the priority publics of the Pôle emploi agrément.

    from openfisca_metropole.diagnostic_iae import diagnostic
    rapport = diagnostic({"date_naissance": "1999-06-15", "rqth": True}, "2025-06-15")

The input is a full situation (web API format) or one person: a JSON object of variables of the
person, of the famille (``beneficiaire_rsa``, ``asf``...) and of the menage (``qpv``, ``zrr``), where
a bare value is the value of the diagnosis month.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from openfisca_core import periods
from openfisca_core.errors import ParameterNotFoundError

from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.iae import CRITERES, STRUCTURES, certifiable, certification_vaut_justificatif
from openfisca_metropole.preinstruction import (
    RESSOURCES_FAMILLE_RSA,
    RESSOURCES_INDIVIDU_RSA,
    mois_couverts,
    mois_reference_rsa,
)
from openfisca_metropole.situation import calcule, systeme, verifie_variables

DEBUT_CRITERES = date(2021, 9, 1)
PREMIER_JOUR = date(2009, 6, 1)
DERNIER_JOUR = date(2099, 12, 31)
# Décret 2024-1239: the EITI experiment lasts 8 years from décret 2018-1198 (end of December 2026,
# date from secondary sources); after it the EITI line carries a warning rather than a guess.
FIN_EXPERIMENTATION_EITI = date(2026, 12, 22)
PERSONNE = "personne"
# Variables a one-person file may not carry: they describe a household it does not have.
COMPOSITION = ("en_couple", "nb_parents")
# What iae_public_prioritaire reads (before 2021-09-01).
SAISIES_PUBLIC_PRIORITAIRE = ("duree_inscription_france_travail", "niveau_diplome", "rqth", "ass", "aah")

LIBELLES_SAISIES = {
    "duree_inscription_france_travail": "durée d'inscription à France Travail (mois)",
    "niveau_diplome": "niveau d'études atteint",
    "rqth": "reconnaissance de la qualité de travailleur handicapé",
    "sortant_ase": "sortie de l'aide sociale à l'enfance",
    "parent_isole": "situation familiale (parent isolé)",
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


def _jour(texte) -> date:
    if isinstance(texte, date):
        jour = texte
    else:
        try:
            jour = date.fromisoformat(str(texte))
        except ValueError as erreur:
            raise ErreurMetropole(f"invalid date '{texte}': expected a day such as 2025-06-15") from erreur
    if not PREMIER_JOUR <= jour <= DERNIER_JOUR:
        raise ErreurMetropole(f"invalid date '{jour}': the diagnosis is for a day from {PREMIER_JOUR} to {DERNIER_JOUR}")
    return jour


def _cle_periode(variable, mois) -> str:
    unite = variable.definition_period
    if unite == periods.DateUnit.ETERNITY:
        return "ETERNITY"
    if unite == periods.DateUnit.YEAR:
        return str(mois.this_year)
    return str(mois)


def _est_une_date(texte: str) -> bool:
    try:
        date.fromisoformat(texte)
    except ValueError:
        return False
    return True


def _verifie_valeur(nom: str, variable, valeur) -> None:
    """A bare value of a one-person file has the JSON type of its variable."""
    type_valeur = variable.value_type
    if type_valeur is bool:
        correct = isinstance(valeur, bool)
        attendu = "true or false"
    elif type_valeur is int:
        correct = isinstance(valeur, int) and not isinstance(valeur, bool) and valeur >= 0
        attendu = "a whole number, 0 or more"
    elif type_valeur is float:
        correct = isinstance(valeur, (int, float)) and not isinstance(valeur, bool)
        attendu = "a number"
    elif type_valeur is date:
        correct = isinstance(valeur, str) and _est_une_date(valeur)
        attendu = "a date such as 1987-03-14"
    else:  # str and enums are written as strings
        correct = isinstance(valeur, str)
        attendu = "a string"
    if not correct:
        raise ErreurMetropole(f"{nom}: {valeur!r} is not {attendu}")


def situation_d_une_personne(personne: dict, mois) -> dict:
    """A one-person situation: the person alone in her famille, menage and foyer fiscal; each
    variable goes to its entity, a bare value to the diagnosis month."""
    tbs = systeme()
    verifie_variables(list(personne), tbs)
    par_entite: dict[str, dict] = {"individu": {}, "famille": {}, "menage": {}, "foyer_fiscal": {}}
    for nom, valeur in personne.items():
        if nom in COMPOSITION:
            raise ErreurMetropole(f"{nom}: a one-person file describes a person alone; write a situation with familles")
        variable = tbs.variables[nom]
        if not isinstance(valeur, dict):
            _verifie_valeur(nom, variable, valeur)
            valeur = {_cle_periode(variable, mois): valeur}
        par_entite[variable.entity.key][nom] = valeur
    return {
        "individus": {PERSONNE: par_entite["individu"]},
        "familles": {"famille": {"parents": [PERSONNE], **par_entite["famille"]}},
        "menages": {"menage": {"personne_de_reference": [PERSONNE], **par_entite["menage"]}},
        "foyers_fiscaux": {"foyer_fiscal": {"declarants": [PERSONNE], **par_entite["foyer_fiscal"]}},
    }


def _verifie_naissance(personne: str, donnees) -> None:
    """The age decides three criteria and the minimum hiring age: the date of birth is required."""
    valeurs = donnees.get("date_naissance") if isinstance(donnees, dict) else None
    if isinstance(valeurs, dict):
        valeurs = [v for v in valeurs.values()]
    else:
        valeurs = [valeurs]
    for valeur in valeurs:
        try:
            date.fromisoformat(str(valeur))
        except ValueError:
            raise ErreurMetropole(
                f"individus.{personne}.date_naissance: a date such as 1987-03-14 is needed for the IAE "
                "diagnosis (age criteria, minimum hiring age)"
            ) from None


def _fixe_date(situation: dict, jour: date, mois: str) -> None:
    """The day of the diagnosis is ``jour`` for everyone; a different one in the input is refused."""
    for personne, donnees in situation["individus"].items():
        donnee = donnees.get("iae_date_diagnostic")
        if donnee is not None:
            valeurs = donnee.values() if isinstance(donnee, dict) else [donnee]
            if any(str(v) != jour.isoformat() for v in valeurs):
                raise ErreurMetropole(
                    f"individus.{personne}.iae_date_diagnostic: differs from --date {jour}; give the day once"
                )
        donnees["iae_date_diagnostic"] = {mois: jour.isoformat()}


def _instance(situation: dict, pluriel: str, personne: str) -> tuple[str, dict]:
    """The id and data of the group entity (famille, menage) the person belongs to (the situation
    was checked: every person is in exactly one)."""
    entite = next(e for e in systeme().entities if e.plural == pluriel)
    cles = {role.plural or role.key for role in entite.roles}
    for identifiant, donnees in situation[pluriel].items():
        if any(personne in (donnees.get(cle) or []) for cle in cles):
            return identifiant, donnees
    raise ErreurMetropole(f"individus.{personne}: in no {entite.key}")


def _renseigne(donnees: dict, nom: str, mois: str | None) -> bool:
    """Whether ``nom`` is given in ``donnees`` for ``mois`` (None: for any period)."""
    valeurs = donnees.get(nom)
    if valeurs is None:
        return False
    if mois is None or systeme().variables[nom].definition_period != periods.DateUnit.MONTH:
        return True
    couverts = mois_couverts(valeurs)
    return bool(couverts) and mois in couverts


def _ressources_rsa_declarees(situation: dict, famille: dict, mois: list[str]) -> bool:
    """Whether any resource the RSA reads is given for one of its reference months (or, for the
    yearly self-employed profits, for any year)."""
    annuelles = [
        nom
        for nom, variable in systeme().variables.items()
        if nom.startswith("rpns_") and variable.definition_period == periods.DateUnit.YEAR
    ]
    instances = [(famille, RESSOURCES_FAMILLE_RSA, ())]
    for membre in [*(famille.get("parents") or []), *(famille.get("enfants") or [])]:
        instances.append((situation["individus"].get(membre) or {}, RESSOURCES_INDIVIDU_RSA, annuelles))
    for donnees, mensuelles, par_an in instances:
        if any(_renseigne(donnees, nom, m) for nom in mensuelles for m in mois):
            return True
        if any(_renseigne(donnees, nom, None) for nom in par_an):
            return True
    return False


def _ajoute_mois(jour: date, mois: int) -> date:
    """The same day ``mois`` months later (the last day of the month when it does not exist)."""
    annee, rang = divmod(jour.month - 1 + mois, 12)
    annee, rang = annee + jour.year, rang + 1
    for quantieme in range(jour.day, 0, -1):
        try:
            return date(annee, rang, quantieme)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def _validite(jour: date, durees) -> dict:
    """The last day each diagnosis is valid: the platform lets it expire on the day its duration
    ends (valid while the expiry is after today)."""
    try:
        fin_siae = _ajoute_mois(jour, int(durees.diagnostic_siae))
    except (ParameterNotFoundError, TypeError):
        fin_siae = jour + timedelta(days=int(durees.diagnostic_siae_jours))
    return {
        "diagnostic_prescripteur_jusqu_au": (_ajoute_mois(jour, int(durees.diagnostic_prescripteur)) - timedelta(days=1)).isoformat(),
        "diagnostic_siae_jusqu_au": (fin_siae - timedelta(days=1)).isoformat(),
        "pass_iae_mois": int(durees.pass_iae),
        "delai_carence_mois": int(durees.delai_carence),
    }


VARIABLES_INDIVIDU = (
    "iae_age",
    "iae_age_minimum_embauche_atteint",
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
    periode_mois = periods.period(jour.strftime("%Y-%m"))
    mois = str(periode_mois)
    une_personne = "individus" not in donnees
    if une_personne:
        situation = situation_d_une_personne(donnees, periode_mois)
    else:
        situation = copy.deepcopy(donnees)
        if not isinstance(situation.get("individus"), dict) or not situation["individus"]:
            raise ErreurMetropole("individus: a situation needs at least one person")
    for personne, donnees_personne in situation["individus"].items():
        if not isinstance(donnees_personne, dict):
            raise ErreurMetropole(f"individus.{personne}: expected an object of variables")
        _verifie_naissance(personne, donnees_personne)
    if personnes:
        inconnues = [p for p in personnes if p not in situation["individus"]]
        if inconnues:
            raise ErreurMetropole(
                f"--person {inconnues[0]}: no such person in the situation ({', '.join(situation['individus'])})"
            )
    _fixe_date(situation, jour, mois)
    resultats = calcule(situation, mois, [*VARIABLES_INDIVIDU, "beneficiaire_rsa", "rsa", "asf"])
    valeurs = resultats.valeurs["individus"]
    valeurs_familles = resultats.valeurs["familles"]
    parametres = systeme().parameters(periode_mois.start).iae
    rapport = {"date": jour.isoformat(), "regime": "criteres" if jour >= DEBUT_CRITERES else "agrement", "personnes": {}}
    for personne, resultat in valeurs.items():
        if personnes and personne not in personnes:
            continue
        if not personnes and not resultat["iae_age_minimum_embauche_atteint"]:
            continue
        rapport["personnes"][personne] = _diagnostic_personne(
            situation, personne, resultat, valeurs_familles, periode_mois, jour, parametres, une_personne
        )
    if not rapport["personnes"]:
        raise ErreurMetropole(f"no person aged {parametres.age.minimum_embauche} or more to diagnose on {jour}")
    return rapport


def _manquant(donnees_par_entite: dict, jour: date, mois: str, une_personne: bool) -> list[dict]:
    """The inputs of the criteria (or, before 2021-09, of the priority publics) not given for the month."""
    manquant: list[dict] = []
    for critere in CRITERES:
        for nom in critere.saisies:
            if nom == "beneficiaire_rsa":
                continue  # decided with the RSA below
            if jour < DEBUT_CRITERES and nom not in SAISIES_PUBLIC_PRIORITAIRE:
                continue
            if nom == "parent_isole" and not une_personne:
                continue  # derived from the famille the situation describes
            entite = systeme().variables[nom].entity.key
            if _renseigne(donnees_par_entite[entite], nom, mois):
                continue
            deja = next((m for m in manquant if m["saisie"] == nom), None)
            if deja:
                deja["criteres"].append(critere.code)
            else:
                manquant.append({"saisie": nom, "criteres": [critere.code]})
    return manquant


def _diagnostic_personne(situation, personne, resultat, valeurs_familles, periode_mois, jour, parametres, une_personne) -> dict:
    mois = str(periode_mois)
    famille_id, famille = _instance(situation, "familles", personne)
    _, menage = _instance(situation, "menages", personne)
    parent = personne in (famille.get("parents") or [])
    donnees = {"individu": situation["individus"][personne], "famille": famille, "menage": menage}
    manquant = _manquant(donnees, jour, mois, une_personne)
    avertissements: list[str] = []
    valeurs_famille = valeurs_familles[famille_id]
    rsa_calcule = parent and not (_renseigne(famille, "beneficiaire_rsa", mois) or _renseigne(famille, "rsa", mois))
    if rsa_calcule and valeurs_famille["beneficiaire_rsa"]:
        avertissements.append(
            f"RSA : droit calculé ({valeurs_famille['rsa']:.2f} € pour {mois}), non déclaré comme perçu ; "
            "le critère vaut pour une personne qui perçoit le RSA : à confirmer auprès de la CAF ou de la MSA"
        )
    mois_rsa = mois_reference_rsa(periode_mois)
    if rsa_calcule and not _ressources_rsa_declarees(situation, famille, mois_rsa):
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
        if not resultat[critere.variable]:
            continue
        certification = ""
        if certifiable(critere, jour) and (critere.code != "pi" or valeurs_famille["asf"] > 0):
            if certification_vaut_justificatif(critere, jour):
                certification = f"certifiable par {critere.certification}, ce qui vaut justificatif"
            else:
                certification = f"certification possible par {critere.certification} (le justificatif reste à garder)"
        criteres.append(
            {
                "code": critere.code,
                "variable": critere.variable,
                "libelle": critere.libelle,
                "niveau": int(parametres.criteres.niveau[critere.code]),
                "justificatif": critere.justificatif,
                "certification": certification,
                "calcule": critere.code == "rsa" and rsa_calcule,
            }
        )
    age_atteint = bool(resultat["iae_age_minimum_embauche_atteint"])
    structures = {}
    if jour >= DEBUT_CRITERES:
        for structure, libelle in STRUCTURES.items():
            requis = int(parametres.nb_criteres_niveau_2_requis[structure])
            eligible = bool(resultat[f"iae_eligible_{structure}"])
            manque = None
            if age_atteint and not eligible:
                manque = max(requis - resultat["iae_nb_criteres_niveau_2"], 0)
            structures[structure] = {
                "libelle": libelle,
                "eligible": eligible,
                "criteres_niveau_2_requis": requis,
                "criteres_niveau_2_manquants": manque,
            }
        if jour > FIN_EXPERIMENTATION_EITI:
            avertissements.append(
                "EITI : l'expérimentation devait prendre fin en décembre 2026 (décret 2024-1239) ; vérifier qu'elle a été prolongée"
            )
    return {
        "age": resultat["iae_age"],
        "age_minimum_embauche_atteint": age_atteint,
        "parent": parent,
        "criteres": criteres,
        "nb_criteres_niveau_1": resultat["iae_nb_criteres_niveau_1"],
        "nb_criteres_niveau_2": resultat["iae_nb_criteres_niveau_2"],
        "structures": structures,
        "public_prioritaire": bool(resultat["iae_public_prioritaire"]),
        "informations_manquantes": manquant,
        "avertissements": avertissements,
        # The durations are the platform's, which change on a given day: read on the day itself.
        "validite": _validite(jour, systeme().parameters(jour.isoformat()).iae.durees) if jour >= DEBUT_CRITERES else {},
    }


def _date_fr(texte: str) -> str:
    return date.fromisoformat(texte).strftime("%d/%m/%Y")


def _lignes_structures(d: dict) -> list[str]:
    if not d["age_minimum_embauche_atteint"]:
        return ["  Moins de 16 ans : aucune embauche possible (article L4153-1 du code du travail)."]
    lignes = ["  Structures pouvant embaucher sur ces critères :"]
    for s in d["structures"].values():
        if s["eligible"]:
            etat = "oui"
        else:
            n = s["criteres_niveau_2_manquants"]
            etat = f"non (il manque {n} critère{'s' if n > 1 else ''} de niveau 2)"
        lignes.append(f"    - {s['libelle']} : {etat}")
    if any(c["calcule"] for c in d["criteres"]):
        lignes.append("  Sous réserve de la perception effective du RSA (droit calculé, non déclaré).")
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
    return lignes


def _lignes_manquant(d: dict, regime: str) -> list[str]:
    manquant = d["informations_manquantes"]
    if not manquant:
        return ["  Informations : complètes"]
    sans_effet = (
        regime == "criteres"
        and d["age_minimum_embauche_atteint"]
        and all(s["eligible"] for s in d["structures"].values())
        and not any(c["calcule"] for c in d["criteres"])
    )
    if sans_effet:
        return [f"  Non renseigné, sans effet sur l'éligibilité : {', '.join(m['saisie'] for m in manquant)}"]
    lignes = ["  Non renseigné (compté comme non rempli) :"]
    for m in manquant:
        libelle = LIBELLES_SAISIES.get(m["saisie"], m["saisie"])
        criteres = f" : critère(s) {', '.join(m['criteres'])}" if regime == "criteres" else ""
        detail = f" — {m['detail']}" if m.get("detail") else ""
        lignes.append(f"    - {libelle} ({m['saisie']}){criteres}{detail}")
    return lignes


def texte(rapport: dict) -> str:
    """The diagnosis as a prescriber reads it."""
    lignes = [f"Diagnostic d'éligibilité à l'insertion par l'activité économique — {_date_fr(rapport['date'])}"]
    if rapport["regime"] == "agrement":
        lignes.append(
            "Avant le 1er septembre 2021 : l'aide de l'État à l'embauche en structure d'insertion suppose "
            "l'agrément de Pôle emploi (décret 99-106) ; les critères administratifs n'existent pas encore."
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
                ligne = f"    - [niveau {c['niveau']}] {c['libelle']} — justificatif : {c['justificatif']}"
                if c["certification"]:
                    ligne += f" ; {c['certification']}"
                lignes.append(ligne)
            lignes += _lignes_structures(d)
        lignes += [f"  Attention : {a}" for a in d["avertissements"]]
        lignes += _lignes_manquant(d, rapport["regime"])
    return "\n".join(lignes)
