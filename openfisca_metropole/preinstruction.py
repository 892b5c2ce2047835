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

from openfisca_metropole import complementaire_sante as css
from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.regles_communes import INDEMNITES_JOURNALIERES_TEMPORAIRES, REVENUS_ACTIVITE, mois_reference
from openfisca_metropole.situation import calcule, periode, systeme

# Monthly resource inputs the RSA reads (CASF R262-6 to R262-11).
RESSOURCES_INDIVIDU_RSA = (
    *REVENUS_ACTIVITE,
    *INDEMNITES_JOURNALIERES_TEMPORAIRES,
    "chomage_net",
    "retraite_nette",
    "pensions_invalidite",
    "pensions_alimentaires_percues",
    "prestation_compensatoire",
    "aah",
    "ass",
    "asi",
    "revenus_capital",
    "revenus_locatifs",
)
RESSOURCES_FAMILLE_RSA = ("af", "cf", "asf", "paje_base", "aspa", "aide_logement")
# Monthly resource inputs the CSS reads (CSS L861-2, R861-4 to R861-11).
RESSOURCES_INDIVIDU_CSS = (
    *css.RESSOURCES_INDIVIDUELLES,
    *css.ALLOCATIONS_APRES_ABATTEMENT,
    "revenus_stage_formation_pro",
    "pensions_alimentaires_versees_individu",
)
RESSOURCES_FAMILLE_CSS = (*css.PRESTATIONS_FAMILIALES, *css.ASPA_APRES_ABATTEMENT, "aide_logement")

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
# The family benefits the RSA and the CSS count, with what they are means-tested on (issue 12): the
# report says which were computed rather than given, and where their N-2 resources come from.
PRESTATIONS_FAMILIALES = ("af", "asf", "cf", "paje_base")
VARIABLES_PRESTATIONS_FAMILIALES = (
    *PRESTATIONS_FAMILIALES,
    "af_nb_enfants",
    "prestations_familiales_base_ressources",
    "prestations_familiales_n_2_declaree",
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


def mois_couverts(valeurs) -> set[str] | None:
    """The months a declared input covers, or None when the input is not declared at all."""
    if not isinstance(valeurs, dict):
        return None
    mois = set()
    for cle, valeur in valeurs.items():
        if valeur is not None:
            mois.update(_mois(str(cle)))
    return mois or None


def mois_reference_rsa(period) -> list[str]:
    regle = systeme().parameters(period.start).prestations.rsa.ressources.mois_reference
    return [str(m) for m in mois_reference(period, regle)]


def mois_reference_css(period) -> list[str]:
    reference = css.periode_reference(period, systeme().parameters)
    return [str(m) for m in reference.get_subperiods(periods.DateUnit.MONTH)]


def _mois_jusqu_a(premier: str, period) -> list[str]:
    """Every month from ``premier`` to the claim month, both included."""
    debut = periods.period(premier)
    return [str(debut.offset(k, "month")) for k in range(_ecart(debut, period) + 1)]


def _ecart(debut, fin) -> int:
    return (fin.start.year - debut.start.year) * 12 + fin.start.month - debut.start.month


def membres(situation: dict, famille_id: str) -> list[str]:
    famille = situation["familles"][famille_id]
    return [*(famille.get("parents") or []), *(famille.get("enfants") or [])]


def verifie_familles(situation: dict) -> None:
    """A household being instructed is described famille by famille, each with its parents."""
    familles = situation.get("familles")
    if not isinstance(familles, dict) or not familles:
        raise ErreurMetropole("familles: the pre-instruction needs the household's familles, each with its parents")
    places = set()
    for famille_id, famille in familles.items():
        if not isinstance(famille, dict) or not famille.get("parents"):
            raise ErreurMetropole(f"familles.{famille_id}: a famille needs at least one parent (the claimant)")
        places.update(membres(situation, famille_id))
    for personne in situation.get("individus") or {}:
        if personne not in places:
            raise ErreurMetropole(f"individus.{personne}: this person is in no famille; put him or her in one")


def informations_manquantes(
    situation: dict, famille_id: str, mois: list[str], pour: str, noms_individu, noms_famille
) -> list[dict]:
    """Each resource declared for some months of the famille's members but not for all of ``mois``."""
    instances = [("familles", famille_id, situation["familles"][famille_id], noms_famille)]
    for personne in membres(situation, famille_id):
        donnees = situation.get("individus", {}).get(personne, {})
        instances.append(("individus", personne, donnees, noms_individu))
    manquantes = []
    for entite, identifiant, donnees, noms in instances:
        if not isinstance(donnees, dict):
            continue
        for nom in noms:
            couverts = mois_couverts(donnees.get(nom))
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


def date_arret_manquante(situation: dict, famille_id: str, period) -> list[dict]:
    """Sickness allowances in the claim month without the start of the leave: the 30 % abatement
    (more than six months of leave, R861-8) cannot be decided."""
    manquantes = []
    for personne in membres(situation, famille_id):
        donnees = situation.get("individus", {}).get(personne, {})
        ij = donnees.get("indemnites_journalieres_maladie") if isinstance(donnees, dict) else None
        couverts = mois_couverts(ij) or set()
        if str(period) in couverts and "date_arret_de_travail" not in donnees:
            valeur = ij.get(str(period))
            if valeur:
                manquantes.append(
                    {
                        "entite": "individus",
                        "id": personne,
                        "variable": "date_arret_de_travail",
                        "pour": "CSS",
                        "mois_manquants": [],
                        "mois_attendus": 0,
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
    variables = list(VARIABLES_FAMILLE) + list(VARIABLES_PRESTATIONS_FAMILIALES)
    if periode_calcul < DEBUT_CSS:
        variables += ["acs"]
    verifie_familles(situation)
    resultats = calcule(situation, texte, variables + ["css_participation_individu"])
    familles = resultats.valeurs.get("familles", {})
    individus = resultats.valeurs.get("individus", {})
    mois_rsa = mois_reference_rsa(periode_calcul)
    mois_css = mois_reference_css(periode_calcul)
    # Every month from the first reference month to the claim month: the rules also read the
    # claim month (the situation of the person at the claim) and the months just before it.
    lus_rsa = _mois_jusqu_a(mois_rsa[0], periode_calcul)
    lus_css = _mois_jusqu_a(mois_css[0], periode_calcul)
    rapport = {"period": texte, "mois_reference_rsa": mois_rsa, "mois_reference_css": mois_css, "familles": {}}
    for famille_id, valeurs in familles.items():
        membres_famille = membres(situation, famille_id)
        manque_rsa = informations_manquantes(
            situation, famille_id, lus_rsa, "RSA", RESSOURCES_INDIVIDU_RSA, RESSOURCES_FAMILLE_RSA
        )
        manque_css = informations_manquantes(
            situation, famille_id, lus_css, "CSS", RESSOURCES_INDIVIDU_CSS, RESSOURCES_FAMILLE_CSS
        ) + date_arret_manquante(situation, famille_id, periode_calcul)
        rsa_determine = not manque_rsa
        par_rsa = valeurs["css_motif"] == "beneficiaire_rsa"
        # The RSA decides the free CSS when it is known; otherwise the CSS also needs the RSA known,
        # unless its own resources already give the free cover.
        css_determine = (par_rsa and rsa_determine) or (
            not manque_css and (rsa_determine or valeurs["css_droit"] == "gratuite")
        )
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
            personne: individus.get(personne, {}).get("css_participation_individu", 0.0)
            for personne in membres_famille
        }
        rapport["familles"][famille_id] = {
            "membres": membres_famille,
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
            "prestations_familiales": prestations_familiales(situation["familles"][famille_id], valeurs),
            "informations_manquantes": manque_rsa + ([] if par_rsa and rsa_determine else manque_css),
            "complet": rsa_determine and css_determine,
        }
    return rapport


def prestations_familiales(famille: dict, valeurs: dict) -> dict:
    """The family benefits of the claim month, each given or computed, and the N-2 resources they are
    means-tested on: given, the N-2 income declared, or (the default) the last three months × 4."""
    saisies = {nom for nom in (*PRESTATIONS_FAMILIALES, "prestations_familiales_base_ressources") if nom in famille}
    if "prestations_familiales_base_ressources" in saisies:
        origine = "saisie"
    elif valeurs["prestations_familiales_n_2_declaree"]:
        origine = "revenus_n_2_declares"
    else:
        origine = "trois_derniers_mois_annualises"
    return {
        "montants": {nom: valeurs[nom] for nom in PRESTATIONS_FAMILIALES},
        "calculees": [nom for nom in PRESTATIONS_FAMILIALES if nom not in saisies],
        "nombre_enfants": valeurs["af_nb_enfants"],
        "base_ressources": valeurs["prestations_familiales_base_ressources"],
        "origine_base_ressources": origine,
    }


ORIGINES_BASE_RESSOURCES = {
    "saisie": "saisies",
    "revenus_n_2_declares": "revenus de l'année N-2 déclarés, après abattement de 10 %",
    "trois_derniers_mois_annualises": (
        "ESTIMÉES faute de revenus N-2 déclarés : revenus des trois derniers mois × 4, après abattement "
        "de 10 % ; à remplacer par le montant retenu par la CAF"
    ),
}


def _texte_prestations_familiales(pf: dict) -> list[str]:
    if not pf["nombre_enfants"] and not any(pf["montants"].values()):
        return []
    calculees = pf["calculees"]
    montants = ", ".join(
        f"{nom.upper().replace('_BASE', ' de base')} {_euros(m)}" for nom, m in pf["montants"].items() if m
    ) or "aucune"
    lignes = [f"  Prestations familiales du mois : {montants}"]
    if calculees:
        lignes.append(
            f"    Calculées (non saisies) : {', '.join(calculees)} ; {pf['nombre_enfants']} enfant(s) à charge ; "
            f"ressources N-2 {_euros(pf['base_ressources'])} par an, "
            f"{ORIGINES_BASE_RESSOURCES[pf['origine_base_ressources']]}"
        )
    return lignes


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
        lignes += _texte_prestations_familiales(f["prestations_familiales"])
        if css["participation_mensuelle"] > 0:
            detail = ", ".join(f"{p} {_euros(m)}" for p, m in css["participation_par_personne"].items())
            lignes.append(f"    Participation : {_euros(css['participation_mensuelle'])} par mois ({detail})")
        else:
            lignes.append("    Participation : aucune")
        if f["informations_manquantes"]:
            lignes.append("  Informations manquantes pour conclure :")
            for m in f["informations_manquantes"]:
                absents = m["mois_manquants"]
                if not absents:
                    lignes.append(f"    - {m['variable']} de {m['id']} ({m['pour']}) : non renseigné")
                    continue
                lignes.append(
                    f"    - {m['variable']} de {m['id']} ({m['pour']}) : {len(absents)} des "
                    f"{m['mois_attendus']} mois lus non renseignés ({_plage(absents)})"
                )
        else:
            lignes.append("  Informations manquantes : aucune")
    return "\n".join(lignes)
