"""Pre-instruction of the complémentaire santé solidaire while an RSA claim is instructed.

From the data a social worker gathers for an RSA claim, tell for each famille: the RSA, the CSS it
is entitled to (free, with a contribution, or none) and why, the contribution of each person,
whether the CSS comes automatically with the RSA or needs its own claim, the resources compared
with the ceilings, and what information is still missing to conclude. A resource declared for some
months but not for every month the rules read is missing information: the engine does not silently
count the months left out as zero.

    from openfisca_metropole.preinstruction import preinstruction
    rapport = preinstruction(situation, "2025-06")
"""

from __future__ import annotations

from openfisca_core import periods

from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.regles_communes import INDEMNITES_JOURNALIERES_TEMPORAIRES, REVENUS_ACTIVITE
from openfisca_metropole.situation import calcule, periode, systeme

# Monthly resource inputs read over the reference months of the RSA or of the CSS.
RESSOURCES_INDIVIDU = (
    *REVENUS_ACTIVITE,
    *INDEMNITES_JOURNALIERES_TEMPORAIRES,
    "chomage_net",
    "retraite_nette",
    "pensions_invalidite",
    "pensions_alimentaires_percues",
    "pensions_alimentaires_versees_individu",
    "prestation_compensatoire",
    "aah",
    "ass",
    "asi",
    "revenus_capital",
    "revenus_locatifs",
)
RESSOURCES_FAMILLE = ("af", "cf", "asf", "paje_base", "aspa", "aide_logement")

VARIABLES_FAMILLE = (
    "rsa",
    "css_droit",
    "css_motif",
    "css_attribution_automatique",
    "css_nb_personnes",
    "css_coefficient_plafond",
    "css_ressources",
    "css_plafond",
    "css_plafond_participation",
    "css_participation_forfaitaire",
)
DEBUT_CSS = periods.period("2019-11")

LIBELLES_DROIT = {
    "gratuite": "sans participation (gratuite)",
    "avec_participation": "avec participation financière",
    "aucun": "aucun droit",
}
LIBELLES_DROIT_AVANT_CSS = {
    "gratuite": "CMU-C",
    "avec_participation": "aide au paiement d'une complémentaire santé (ACS)",
    "aucun": "aucun droit",
}
LIBELLES_MOTIF = {
    "beneficiaire_rsa": "bénéficiaire du RSA : droit à la couverture gratuite quelles que soient les ressources",
    "ressources_sous_plafond": "ressources sous le plafond de la couverture gratuite",
    "ressources_sous_plafond_participation": "ressources entre le plafond de la couverture gratuite et ce plafond majoré de 35 %",
    "ressources_au_dessus_des_plafonds": "ressources au-dessus du plafond majoré de 35 %",
    "rattache_au_foyer_des_parents": "jeune de moins de 25 ans rattaché au foyer de ses parents : il est couvert par leur demande",
    "presomption_minimum_social": "bénéficiaire de l'ASPA, de l'ASI, de l'AAH ou de l'ASS : réputé remplir la condition de ressources de la couverture avec participation",
}


def _mois(periode_texte: str) -> list[str]:
    """The months a situation key covers (a month, a year, ``month:2024-05:12``); none for ETERNITY."""
    try:
        p = periods.period(periode_texte)
    except (ValueError, TypeError, AttributeError):
        return []
    if p.unit not in (periods.DateUnit.MONTH, periods.DateUnit.YEAR):
        return []
    return [str(m) for m in p.get_subperiods(periods.DateUnit.MONTH)]


def _couverts(valeurs) -> set[str] | None:
    """The months a declared input covers, or None when the input is not declared at all."""
    if not isinstance(valeurs, dict):
        return None
    mois = set()
    for cle, valeur in valeurs.items():
        if valeur is not None:
            mois.update(_mois(str(cle)))
    return mois or None


def mois_reference_rsa(period) -> list[str]:
    from openfisca_metropole.regles_communes import mois_reference

    regle = systeme().parameters(period.start).prestations.rsa.ressources.mois_reference
    return [str(m) for m in mois_reference(period, regle)]


def mois_reference_css(period) -> list[str]:
    from openfisca_metropole.complementaire_sante import periode_reference

    reference = periode_reference(period, systeme().parameters)
    return [str(m) for m in reference.get_subperiods(periods.DateUnit.MONTH)]


def informations_manquantes(situation: dict, famille_id: str, mois: list[str], pour: str) -> list[dict]:
    """Each resource declared for some months of the famille's members but not for all of ``mois``."""
    famille = situation.get("familles", {}).get(famille_id, {})
    manquantes = []
    instances = [("familles", famille_id, famille, RESSOURCES_FAMILLE)]
    for role in ("parents", "enfants"):
        for personne in famille.get(role) or []:
            donnees = situation.get("individus", {}).get(personne, {})
            instances.append(("individus", personne, donnees, RESSOURCES_INDIVIDU))
    for entite, identifiant, donnees, noms in instances:
        for nom in noms:
            couverts = _couverts(donnees.get(nom)) if isinstance(donnees, dict) else None
            if couverts is None:
                continue
            absents = [m for m in mois if m not in couverts]
            if absents:
                manquantes.append(
                    {
                        "entite": entite,
                        "id": identifiant,
                        "variable": nom,
                        "pour": pour,
                        "mois_manquants": absents,
                        "mois_attendus": len(mois),
                    }
                )
    return manquantes


def preinstruction(situation: dict, period: str) -> dict:
    """The pre-instruction report of every famille of ``situation`` for the claim month ``period``."""
    periode_calcul = periode(period)
    if periode_calcul.unit != periods.DateUnit.MONTH or periode_calcul.size != 1:
        raise ErreurMetropole(f"invalid period '{period}': the pre-instruction is for one month (2025-06)")
    if periode_calcul < periods.period("2009-06"):
        raise ErreurMetropole(f"invalid period '{period}': the RSA and this engine start in 2009-06")
    texte = str(periode_calcul)
    variables = list(VARIABLES_FAMILLE)
    if periode_calcul < DEBUT_CSS:
        variables += ["acs"]
    resultats = calcule(situation, texte, variables + ["css_participation_individu"])
    familles = resultats.valeurs.get("familles", {})
    individus = resultats.valeurs.get("individus", {})
    mois_rsa = mois_reference_rsa(periode_calcul)
    mois_css = mois_reference_css(periode_calcul)
    rapport = {"period": texte, "mois_reference_rsa": mois_rsa, "mois_reference_css": mois_css, "familles": {}}
    for famille_id, valeurs in familles.items():
        donnees = situation.get("familles", {}).get(famille_id, {})
        membres = [*(donnees.get("parents") or []), *(donnees.get("enfants") or [])]
        manque_rsa = informations_manquantes(situation, famille_id, mois_rsa, "RSA")
        manque_css = informations_manquantes(situation, famille_id, mois_css, "CSS")
        rsa_determine = not manque_rsa
        par_rsa = valeurs["css_motif"] == "beneficiaire_rsa" and rsa_determine
        css_determine = par_rsa or not manque_css
        droit = valeurs["css_droit"]
        if periode_calcul < DEBUT_CSS:
            libelle = LIBELLES_DROIT_AVANT_CSS[droit]
        else:
            libelle = LIBELLES_DROIT[droit]
        if valeurs["css_attribution_automatique"]:
            demarche = "attribuée automatiquement avec le RSA (sauf refus de la personne)"
        elif droit == "aucun":
            demarche = "aucune"
        elif valeurs["css_motif"] == "beneficiaire_rsa":
            demarche = "demande distincte à déposer ; la condition de ressources est réputée remplie (bénéficiaire du RSA)"
        else:
            demarche = "demande distincte à déposer auprès de la caisse d'assurance maladie"
        participation = {
            personne: individus.get(personne, {}).get("css_participation_individu", 0.0) for personne in membres
        }
        rapport["familles"][famille_id] = {
            "membres": membres,
            "rsa": {"montant": valeurs["rsa"], "determine": rsa_determine},
            "css": {
                "droit": droit,
                "libelle": libelle,
                "motif": valeurs["css_motif"],
                "motif_libelle": LIBELLES_MOTIF[valeurs["css_motif"]],
                "determine": css_determine,
                "attribution_automatique": valeurs["css_attribution_automatique"],
                "demarche": demarche,
                "nombre_personnes": valeurs["css_nb_personnes"],
                "coefficient_plafond": valeurs["css_coefficient_plafond"],
                "ressources": valeurs["css_ressources"],
                "plafond": valeurs["css_plafond"],
                "plafond_participation": valeurs["css_plafond_participation"],
                "participation_mensuelle": valeurs["css_participation_forfaitaire"],
                "participation_par_personne": participation,
                **({"acs": valeurs["acs"]} if "acs" in valeurs else {}),
            },
            "informations_manquantes": manque_rsa + ([] if par_rsa else manque_css),
            "complet": rsa_determine and css_determine,
        }
    return rapport


def _euros(montant: float) -> str:
    return f"{montant:,.2f} €".replace(",", " ").replace(".", ",")


def _plage(mois: list[str]) -> str:
    """Consecutive months as ranges: ``2024-05 → 2024-12, 2025-02``."""
    plages: list[list[str]] = []
    for m in mois:
        if plages and str(periods.period(plages[-1][-1]).offset(1)) == m:
            plages[-1].append(m)
        else:
            plages.append([m])
    return ", ".join(p[0] if len(p) == 1 else f"{p[0]} → {p[-1]}" for p in plages)


def texte(rapport: dict) -> str:
    """The report as a social worker reads it."""
    lignes = [
        f"Pré-instruction de la complémentaire santé solidaire — demande de RSA du mois {rapport['period']}",
        f"Mois de ressources examinés : RSA {_plage(rapport['mois_reference_rsa'])} ; "
        f"CSS {_plage(rapport['mois_reference_css'])}",
    ]
    for famille_id, f in rapport["familles"].items():
        css, rsa = f["css"], f["rsa"]
        lignes += ["", f"Famille {famille_id} ({', '.join(f['membres'])})"]
        etat_rsa = "" if rsa["determine"] else " (provisoire : ressources incomplètes)"
        lignes.append(f"  RSA : {_euros(rsa['montant'])} par mois{etat_rsa}")
        if css["determine"]:
            lignes.append(f"  Complémentaire santé : {css['libelle']}")
        else:
            lignes.append(f"  Complémentaire santé : À COMPLÉTER (résultat provisoire : {css['libelle']})")
        lignes.append(f"    Motif : {css['motif_libelle']}")
        lignes.append(f"    Démarche : {css['demarche']}")
        lignes.append(
            f"    Ressources des 12 mois : {_euros(css['ressources'])} ; plafond pour "
            f"{css['nombre_personnes']} personne(s) (coefficient {css['coefficient_plafond']:g}) : "
            f"{_euros(css['plafond'])} sans participation, {_euros(css['plafond_participation'])} avec participation"
        )
        if "acs" in css:
            lignes.append(f"    ACS : {_euros(css['acs'])} par an")
        if css["participation_mensuelle"] > 0:
            detail = ", ".join(f"{p} {_euros(m)}" for p, m in css["participation_par_personne"].items())
            lignes.append(f"    Participation : {_euros(css['participation_mensuelle'])} par mois ({detail})")
        else:
            lignes.append("    Participation : aucune")
        if f["informations_manquantes"]:
            lignes.append("  Informations manquantes pour conclure :")
            for m in f["informations_manquantes"]:
                absents = m["mois_manquants"]
                lignes.append(
                    f"    - {m['variable']} de {m['id']} ({m['pour']}) : {len(absents)} des "
                    f"{m['mois_attendus']} mois de référence non renseignés ({_plage(absents)})"
                )
        else:
            lignes.append("  Informations manquantes : aucune")
    return "\n".join(lignes)
