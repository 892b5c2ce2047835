"""Charts for analysts (matplotlib, written as PNG and SVG): the budget constraint of a household type,
and the gains and losses of a comparison.

The budget constraint is computed, not drawn by hand: one household per point of earnings, all in
one population run (population/simulation.py), earnings constant over every month the rules read, so
that the reference months of each program hold the same amounts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from openfisca_metropole.erreurs import ErreurMetropole

# composition -> (adults, children); the children are 10, 7 and 13 on the month computed.
COMPOSITIONS = {
    "personne_seule": (1, 0),
    "couple_sans_enfant": (2, 0),
    "parent_isole_1_enfant": (1, 1),
    "parent_isole_2_enfants": (1, 2),
    "couple_1_enfant": (2, 1),
    "couple_2_enfants": (2, 2),
    "couple_3_enfants": (2, 3),
}
AGES_ENFANTS = (10, 7, 13)
COMPOSANTES = {
    "salaire_net": "Salaire net",
    "prestations_familiales": "Prestations familiales (AF, CF, ASF, PAJE)",
    "aide_logement": "Aide au logement (saisie)",
    "rsa": "RSA",
    "ppa": "Prime d'activité",
}
PRESTATIONS_FAMILIALES = ("af", "cf", "asf", "paje_base")
SMIC_MAXIMUM = 2.5


def smic_net_mensuel(tbs, periode: str) -> float:
    """The net monthly SMIC of the month, taken as 78 % of the gross (as the synthetic population does)."""
    from openfisca_metropole.population.synthetique import PART_NETTE_SMIC

    smic = tbs.parameters(f"{periode}-01").marche_travail.smic
    return PART_NETTE_SMIC * float(smic.horaire_brut) * float(smic.heures_mensuelles_temps_plein)


def _table(composition: str, periode: str, salaires: np.ndarray, aide_logement: float) -> pd.DataFrame:
    adultes, enfants = COMPOSITIONS[composition]
    annee = int(periode[:4])
    lignes = []
    for k, salaire in enumerate(salaires):
        membres = [("demandeur", "personne_de_reference", f"{annee - 40}-01-01", salaire)]
        if adultes == 2:
            membres.append(("conjoint", "conjoint", f"{annee - 38}-01-01", 0.0))
        membres += [("enfant", "enfant", f"{annee - AGES_ENFANTS[e]}-01-01", 0.0) for e in range(enfants)]
        for j, (role_famille, role_menage, naissance, montant) in enumerate(membres):
            lignes.append(
                {
                    "individu_id": f"p{k}_{j}", "famille_id": f"f{k}", "famille_role": role_famille,
                    "menage_id": f"m{k}", "menage_role": role_menage, "date_naissance": naissance,
                    "salaire_net": montant, "aide_logement": aide_logement,
                    "statut_occupation_logement": "locataire_vide",
                }
            )
    return pd.DataFrame(lignes)


def contrainte_budgetaire(
    composition: str,
    periode: str,
    reformes: list[str] | None = None,
    parametres: dict[str, str] | None = None,
    aide_logement: float = 0.0,
    points: int = 126,
    tbs=None,
) -> pd.DataFrame:
    """One row per level of monthly net earnings of the first adult, from 0 to 2.5 net SMIC: each
    component of the household's disposable income (earnings, family benefits, housing aid given,
    RSA, prime d'activité) and their total; with ``reformes``, the total under the reform too."""
    from openfisca_metropole.population import simule
    from openfisca_metropole.situation import systeme

    if composition not in COMPOSITIONS:
        raise ErreurMetropole(f"unknown composition '{composition}': expected one of {', '.join(COMPOSITIONS)}")
    tbs = tbs or systeme()
    smic = smic_net_mensuel(tbs, periode)
    salaires = np.round(np.linspace(0, SMIC_MAXIMUM * smic, points), 2)
    table = _table(composition, periode, salaires, aide_logement)
    sorties = ["rsa", "ppa", *PRESTATIONS_FAMILIALES]

    def composantes(systeme_) -> pd.DataFrame:
        familles = simule(table, periode, sorties, tbs=systeme_).familles
        familles = familles.set_index("famille_id").loc[[f"f{k}" for k in range(points)]]
        return pd.DataFrame(
            {
                "salaire_net": salaires,
                "prestations_familiales": sum(familles[n].to_numpy(dtype="float64") for n in PRESTATIONS_FAMILIALES),
                "aide_logement": aide_logement,
                "rsa": familles["rsa"].to_numpy(dtype="float64"),
                "ppa": familles["ppa"].to_numpy(dtype="float64"),
            }
        )

    courbe = composantes(tbs)
    courbe.insert(1, "smic", salaires / smic)
    courbe["revenu_disponible"] = courbe[list(COMPOSANTES)].sum(axis=1)
    if reformes:
        from openfisca_metropole.reforms import applique

        courbe["revenu_disponible_reforme"] = composantes(applique(tbs, reformes, parametres)).sum(axis=1).to_numpy()
    courbe.attrs.update(composition=composition, periode=periode, smic_net=smic, reformes=list(reformes or []))
    return courbe


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def trace_budget(courbe: pd.DataFrame):
    """The budget-constraint chart of ``courbe`` (contrainte_budgetaire): components stacked, the
    reform's total as a line."""
    plt = _pyplot()
    figure, axe = plt.subplots(figsize=(10, 6), dpi=100)
    x = courbe["salaire_net"].to_numpy()
    axe.stackplot(x, *[courbe[c].to_numpy() for c in COMPOSANTES], labels=list(COMPOSANTES.values()), alpha=0.85)
    axe.plot(x, courbe["revenu_disponible"].to_numpy(), color="black", linewidth=1.2, label="Revenu disponible")
    if "revenu_disponible_reforme" in courbe.columns:
        reformes = ", ".join(courbe.attrs.get("reformes", []))
        axe.plot(x, courbe["revenu_disponible_reforme"].to_numpy(), color="crimson", linewidth=2, linestyle="--", label=f"Revenu disponible, réforme {reformes}")
    smic = courbe.attrs["smic_net"]
    for k in (0.5, 1, 1.5, 2):
        axe.axvline(k * smic, color="grey", linewidth=0.5, linestyle=":")
    libelle = courbe.attrs["composition"].replace("_", " ")
    axe.set_title(f"Contrainte budgétaire : {libelle}, {courbe.attrs['periode']}")
    smic_texte = f"{smic:,.0f}".replace(",", " ")
    axe.set_xlabel(f"Salaire net mensuel du premier adulte (€ ; SMIC net ≈ {smic_texte} €, pointillés à 0,5, 1, 1,5 et 2 SMIC)")
    axe.set_ylabel("Revenu disponible mensuel du foyer (€)")
    axe.set_xlim(0, x.max())
    axe.legend(loc="upper left", fontsize=8)
    figure.text(
        0.01, 0.005,
        "Source : openfisca-metropole, législation du mois (RSA, prime d'activité, prestations familiales calculées ; "
        "ressources N-2 estimées sur les trois derniers mois), locataire, aide au logement saisie.",
        fontsize=7, color="dimgrey",
    )
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    return figure


def trace_comparaison(resume: dict):
    """Gains and losses of a comparison (Comparaison.resume()): the change of what households
    receive, € a month, by income decile and by territorial conference."""
    plt = _pyplot()
    figure, (gauche, droite) = plt.subplots(1, 2, figsize=(13, 5.5), dpi=100)
    for axe, cle, titre in ((gauche, "decile", "par décile de niveau de vie"), (droite, "conference_territoriale", "par conférence territoriale")):
        lignes = resume["gagnants_perdants"][cle]
        groupes = [l["groupe"] for l in lignes]
        ecarts = [l["écart €/mois"] for l in lignes]
        couleurs = ["seagreen" if e >= 0 else "firebrick" for e in ecarts]
        axe.bar(range(len(groupes)), ecarts, color=couleurs)
        axe.set_xticks(range(len(groupes)), groupes, rotation=45 if cle != "decile" else 0, ha="right" if cle != "decile" else "center", fontsize=8)
        axe.axhline(0, color="black", linewidth=0.6)
        axe.set_title(f"Écart de prestations perçues {titre}", fontsize=10)
        axe.set_ylabel("€ par mois (somme sur les foyers)")
    reformes = ", ".join(resume["reformes"])
    figure.suptitle(f"Réforme {reformes} : gagnants et perdants, {resume['periode']} (recours : {resume['recours']})")
    figure.text(
        0.01, 0.005,
        f"Source : openfisca-metropole, {resume.get('population', 'population simulée')} ; RSA, prime d'activité et versements de la réforme.",
        fontsize=7, color="dimgrey",
    )
    figure.tight_layout(rect=(0, 0.03, 1, 0.95))
    return figure


def enregistre(figure, prefixe: str | Path) -> list[Path]:
    """Write ``figure`` as PREFIX.png and PREFIX.svg; the paths written."""
    prefixe = Path(prefixe)
    if prefixe.suffix.lower() in (".png", ".svg"):
        prefixe = prefixe.with_suffix("")
    if not prefixe.parent.is_dir():
        raise ErreurMetropole(f"{prefixe}: the folder {prefixe.parent} does not exist")
    chemins = [prefixe.with_suffix(".png"), prefixe.with_suffix(".svg")]
    for chemin in chemins:
        figure.savefig(chemin)
    _pyplot().close(figure)
    return chemins
