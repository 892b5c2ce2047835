"""The parameter explorer for legal experts: a parameter's value at a date or its whole history, each
value with the date it took effect and its legal references, and the parameters whose last value was
not checked for a year (``metropole parametre``, ``metropole parametres --perimes``).

Everything printed comes from the parameter files (``parameters/``): ``values``, and in ``metadata``
the ``reference`` (by date: a list of title + Légifrance href), ``official_journal_date`` (by date),
``unit``, ``period`` and ``last_value_still_valid_on``.

    from openfisca_metropole.explorateur import cherche, historique
    for valeur in historique(cherche("rsa.montant_forfaitaire")):
        print(valeur.debut, valeur.valeur, valeur.references)
"""

from __future__ import annotations

import calendar
import datetime
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

from openfisca_metropole.erreurs import ErreurMetropole

UNITES = {
    "currency-EUR": "€",
    "/1": "",
    "year": "an(s)",
    "month": "mois",
    "day": "jour(s)",
    "hour": "heure(s)",
    "year-old": "ans",
    "child": "enfant(s)",
}
PERIODES = {"month": "par mois", "year": "par an", "hour": "de l'heure"}


@dataclass
class ValeurDatee:
    """One value of a parameter, from ``debut`` until the next one (None: the parameter ends)."""

    debut: str
    valeur: Any
    references: list[dict] = field(default_factory=list)  # {"title", "href"}
    journal_officiel: str | None = None  # date of publication of the text, when the file gives it

    def en_dict(self) -> dict:
        return {
            "debut": self.debut,
            "valeur": self.valeur,
            "references": self.references,
            "journal_officiel": self.journal_officiel,
        }


def _systeme(tbs):
    if tbs is not None:
        return tbs
    from openfisca_metropole.situation import systeme

    return systeme()


def jour(texte: str | datetime.date | None) -> datetime.date:
    """A day from ``2025-06-01`` (or ``2025-06``, ``2025``: their first day); today when None."""
    if texte is None:
        return datetime.date.today()
    if isinstance(texte, datetime.date):
        return texte
    morceaux = str(texte).strip().split("-")
    try:
        if len(morceaux) > 3 or not all(m.isdigit() for m in morceaux) or len(morceaux[0]) != 4:
            raise ValueError
        return datetime.date(*(int(m) for m in morceaux), *([1] * (3 - len(morceaux))))
    except (ValueError, TypeError) as erreur:
        raise ErreurMetropole(f"invalid date '{texte}': expected a day (2025-06-01)") from erreur


def mois_avant(date: datetime.date, mois: int) -> datetime.date:
    """``date`` less ``mois`` calendar months (the 31st becomes the month's last day)."""
    total = date.year * 12 + date.month - 1 - mois
    annee, numero = divmod(total, 12)
    dernier = calendar.monthrange(annee, numero + 1)[1]
    return datetime.date(annee, numero + 1, min(date.day, dernier))


def feuilles(noeud) -> list:
    """The parameters (and scales) under ``noeud``, in file order; ``noeud`` itself if a leaf."""
    if isinstance(noeud, (Parameter, ParameterScale)):
        return [noeud]
    return [p for p in noeud.get_descendants() if isinstance(p, (Parameter, ParameterScale))]


def _noms(tbs) -> list[str]:
    return [p.name for p in tbs.parameters.get_descendants()]


def cherche(nom: str, tbs=None):
    """The parameter, scale or node named ``nom``: its full name (``prestations.rsa.montant_forfaitaire``)
    or a unique end of it (``rsa.montant_forfaitaire``). Otherwise ErreurMetropole with suggestions."""
    tbs = _systeme(tbs)
    nom = nom.strip().strip(".")
    noms = _noms(tbs)
    if nom in noms:
        noeud = tbs.parameters
        for morceau in nom.split("."):
            noeud = noeud.children[morceau] if isinstance(noeud, ParameterNode) else getattr(noeud, morceau)
        return noeud
    fins = [n for n in noms if n.endswith("." + nom)]
    if len(fins) == 1:
        return cherche(fins[0], tbs)
    if len(fins) > 1:
        raise ErreurMetropole(f"parameter '{nom}' is ambiguous: {', '.join(sorted(fins))}")
    derniers = {n.rsplit(".", 1)[-1]: n for n in noms}
    proches = difflib.get_close_matches(nom, noms, n=3, cutoff=0.6)
    proches += [derniers[d] for d in difflib.get_close_matches(nom.rsplit(".", 1)[-1], list(derniers), n=3) if derniers[d] not in proches]
    suggestion = f" (did you mean {', '.join(proches[:3])}?)" if proches else ""
    raise ErreurMetropole(f"unknown parameter '{nom}'{suggestion}")


def _metadonnees(parametre) -> dict:
    """The metadata of ``parametre`` (a scale's for its brackets: see ``_parametres_de``)."""
    return getattr(parametre, "metadata", None) or {}


def _par_date(dictionnaire, debut: str):
    """The entry of a dict keyed by dates in force on ``debut`` (latest key on or before it)."""
    if not isinstance(dictionnaire, dict):
        return None
    cles = sorted(str(c) for c in dictionnaire if str(c) <= debut)
    if not cles:
        return None
    cle = cles[-1]
    return dictionnaire.get(cle, dictionnaire.get(datetime.date.fromisoformat(cle)))


def references(metadata: dict, debut: str) -> list[dict]:
    """The references of the value that took effect on ``debut``: those dated that day, else the
    latest dated before (a list of {"title", "href"})."""
    reference = metadata.get("reference")
    if isinstance(reference, list):
        trouvees = reference
    else:
        trouvees = _par_date(reference, debut) or []
    if isinstance(trouvees, (str, dict)):
        trouvees = [trouvees]
    return [r if isinstance(r, dict) else {"title": str(r), "href": None} for r in trouvees]


def _journal_officiel(metadata: dict, debut: str) -> str | None:
    dates = metadata.get("official_journal_date")
    if isinstance(dates, dict):
        valeur = dates.get(debut)
        return None if valeur is None else str(valeur)
    return None


def _parametres_de(noeud) -> list[tuple[str, Parameter]]:
    """A scale's brackets as (label, parameter); a parameter alone as ("", parameter)."""
    if isinstance(noeud, ParameterScale):
        paires = []
        for i, tranche in enumerate(noeud.brackets, start=1):
            for cle in ("threshold", "amount", "rate", "average_rate", "base"):
                enfant = tranche.children.get(cle) if hasattr(tranche, "children") else None
                if enfant is not None:
                    libelle = {"threshold": "seuil", "amount": "montant", "rate": "taux"}.get(cle, cle)
                    paires.append((f"tranche {i}, {libelle}", enfant))
        return paires
    return [("", noeud)]


def historique(parametre, metadata: dict | None = None) -> list[ValeurDatee]:
    """Every value of ``parametre`` (a Parameter), oldest first, with its references (from
    ``metadata``, by default the parameter's own: give a scale's for one of its brackets)."""
    metadata = _metadonnees(parametre) if metadata is None else metadata
    valeurs = []
    for a_l_instant in reversed(parametre.values_list):
        debut = a_l_instant.instant_str
        valeurs.append(
            ValeurDatee(debut, a_l_instant.value, references(metadata, debut), _journal_officiel(metadata, debut))
        )
    return valeurs


def valeur_au(parametre, date: datetime.date, metadata: dict | None = None) -> ValeurDatee | None:
    """The value of ``parametre`` in force on ``date`` (None before its first value)."""
    en_vigueur = [v for v in historique(parametre, metadata) if v.debut <= date.isoformat()]
    return en_vigueur[-1] if en_vigueur else None


def derniere_verification(parametre) -> str | None:
    """``last_value_still_valid_on``: the day up to which the last value was found still in force."""
    valeur = _metadonnees(parametre).get("last_value_still_valid_on")
    return None if valeur is None else str(valeur)


def fichier(parametre, tbs=None) -> str | None:
    """The parameter's file, relative to the folder that holds ``parameters/``."""
    chemin = getattr(parametre, "file_path", None)
    if not chemin:
        return None
    from openfisca_metropole import data_folder

    racine = data_folder("parameters").parent
    try:
        return str(Path(chemin).resolve().relative_to(racine.resolve()))
    except ValueError:
        return chemin


# -- Text ------------------------------------------------------------------------------------------


def _nombre(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int):
        return f"{valeur:,}".replace(",", " ")
    if isinstance(valeur, float):
        texte = repr(valeur)
        if "e" in texte or "n" in texte:  # 1e-05, inf, nan
            return texte
        entier, _, decimales = texte.partition(".")
        signe = "-" if entier.startswith("-") else ""
        entier = f"{int(entier.lstrip('-')):,}".replace(",", " ")
        return signe + entier + ("" if decimales == "0" else "." + decimales)
    return str(valeur)


def format_valeur(valeur, metadata: dict) -> str:
    """A value with its unit: ``646.52 €``, ``0.5 (50 %)``, ``25 ans``; ``aucune (fin)`` for None."""
    if valeur is None:
        return "aucune (fin de la règle)"
    if isinstance(valeur, list):
        return f"{len(valeur)} éléments : {', '.join(str(v) for v in valeur)}"
    unite = metadata.get("unit")
    texte = _nombre(valeur)
    if unite == "/1" and isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        pourcentage = _nombre(round(valeur * 100, 10))
        return f"{texte} ({pourcentage} %)"
    symbole = UNITES.get(unite, "")
    return f"{texte} {symbole}".rstrip()


def _lignes_references(valeur: ValeurDatee, retrait: str) -> list[str]:
    lignes = []
    for reference in valeur.references:
        lien = f" — {reference['href']}" if reference.get("href") else ""
        lignes.append(f"{retrait}{reference.get('title', '')}{lien}")
    if valeur.journal_officiel:
        lignes.append(f"{retrait}JO du {valeur.journal_officiel}")
    if not valeur.references:
        lignes.append(f"{retrait}(aucune référence dans le fichier)")
    return lignes


def _entete(noeud, tbs) -> list[str]:
    metadata = _metadonnees(noeud)
    lignes = [noeud.name]
    if getattr(noeud, "description", None):
        lignes.append(f"  {noeud.description}")
    unite = metadata.get("unit")
    if unite:
        periode = PERIODES.get(metadata.get("period"), "")
        lignes.append(f"  Unité : {unite}" + (f", {periode}" if periode else ""))
    verifie = derniere_verification(noeud)
    lignes.append(f"  Dernière valeur vérifiée en vigueur le : {verifie or 'non renseigné'}")
    chemin = fichier(noeud, tbs)
    if chemin:
        lignes.append(f"  Fichier : {chemin}")
    return lignes


def texte_au(noeud, date: datetime.date, tbs=None) -> str:
    """The value(s) of a parameter, scale or node on ``date``, with their references."""
    blocs = []
    for feuille in feuilles(noeud):
        metadata = _metadonnees(feuille)
        lignes = _entete(feuille, tbs)
        for libelle, parametre in _parametres_de(feuille):
            valeur = valeur_au(parametre, date, metadata)
            prefixe = f"  {libelle} : " if libelle else "  "
            if valeur is None:
                lignes.append(f"{prefixe}pas de valeur au {date.isoformat()}")
                continue
            unite = metadata if not libelle or "seuil" not in libelle else {"unit": metadata.get("threshold_unit")}
            lignes.append(f"{prefixe}au {date.isoformat()} : {format_valeur(valeur.valeur, unite)} (depuis le {valeur.debut})")
            lignes += _lignes_references(valeur, "      ")
        blocs.append("\n".join(lignes))
    return "\n\n".join(blocs)


def texte_historique(noeud, tbs=None) -> str:
    """Every value of a parameter, scale or node, oldest first, with their references."""
    blocs = []
    for feuille in feuilles(noeud):
        metadata = _metadonnees(feuille)
        lignes = _entete(feuille, tbs)
        for libelle, parametre in _parametres_de(feuille):
            if libelle:
                lignes.append(f"  {libelle}")
            unite = metadata if not libelle or "seuil" not in libelle else {"unit": metadata.get("threshold_unit")}
            for valeur in historique(parametre, metadata):
                lignes.append(f"  depuis le {valeur.debut} : {format_valeur(valeur.valeur, unite)}")
                lignes += _lignes_references(valeur, "      ")
        blocs.append("\n".join(lignes))
    return "\n\n".join(blocs)


def en_dict(noeud, date: datetime.date | None = None, tbs=None) -> list[dict]:
    """The parameter(s) as JSON-ready dicts: the value on ``date``, or the history when None."""
    resultat = []
    for feuille in feuilles(noeud):
        metadata = _metadonnees(feuille)
        entree = {
            "parametre": feuille.name,
            "description": getattr(feuille, "description", None),
            "unite": metadata.get("unit"),
            "periode": metadata.get("period"),
            "derniere_verification": derniere_verification(feuille),
            "fichier": fichier(feuille, tbs),
        }
        series = {}
        for libelle, parametre in _parametres_de(feuille):
            if date is None:
                series[libelle or "valeurs"] = [v.en_dict() for v in historique(parametre, metadata)]
            else:
                valeur = valeur_au(parametre, date, metadata)
                series[libelle or "valeur"] = None if valeur is None else valeur.en_dict()
        if date is not None:
            entree["date"] = date.isoformat()
        entree.update(series)
        resultat.append(entree)
    return resultat


# -- Stale parameters ----------------------------------------------------------------------------


def perimes(au: datetime.date | None = None, mois: int = 12, prefixe: str | None = None, tbs=None) -> list[dict]:
    """The parameters whose ``last_value_still_valid_on`` is before ``au`` less ``mois`` months (or
    missing), oldest first: what a legal expert should check again."""
    tbs = _systeme(tbs)
    au = jour(au)
    limite = mois_avant(au, mois)
    racine = cherche(prefixe, tbs) if prefixe else tbs.parameters
    trouves = []
    for feuille in feuilles(racine):
        verifie = derniere_verification(feuille)
        if verifie is not None and verifie >= limite.isoformat():
            continue
        if isinstance(feuille, ParameterScale):  # a scale: when its last bracket value took effect
            debuts = [historique(p)[-1].debut for _, p in _parametres_de(feuille) if p.values_list]
            valeur, depuis = f"barème de {len(feuille.brackets)} tranches", max(debuts, default=None)
        else:
            derniere = historique(feuille)[-1] if feuille.values_list else None
            valeur, depuis = (None, None) if derniere is None else (derniere.valeur, derniere.debut)
        trouves.append({
            "parametre": feuille.name,
            "derniere_verification": verifie,
            "derniere_valeur": valeur,
            "depuis": depuis,
            "unite": _metadonnees(feuille).get("unit"),
            "fichier": fichier(feuille, tbs),
        })
    trouves.sort(key=lambda t: (t["derniere_verification"] or "", t["parametre"]))
    return trouves


def texte_perimes(trouves: list[dict], au: datetime.date, mois: int) -> str:
    limite = mois_avant(au, mois)
    if not trouves:
        return f"Aucun paramètre à revérifier : toutes les dernières valeurs ont été vérifiées depuis le {limite.isoformat()}."
    lignes = [
        f"{len(trouves)} paramètre(s) dont la dernière valeur n'a pas été vérifiée depuis le {limite.isoformat()} "
        f"({mois} mois avant le {au.isoformat()}) :",
        "",
    ]
    largeur = max(len(t["parametre"]) for t in trouves)
    lignes.append(f"{'vérifiée le':<12}{'paramètre':<{largeur + 2}}dernière valeur")
    for t in trouves:
        valeur = "—" if t["depuis"] is None else f"{format_valeur(t['derniere_valeur'], {'unit': t['unite']})} depuis le {t['depuis']}"
        lignes.append(f"{t['derniere_verification'] or 'jamais':<12}{t['parametre']:<{largeur + 2}}{valeur}")
    return "\n".join(lignes)


def texte_liste(racine, date: datetime.date, tbs=None) -> str:
    """Every parameter under ``racine``: value on ``date`` and date of the last check."""
    lignes = []
    feuilles_ = feuilles(racine)
    largeur = max((len(f.name) for f in feuilles_), default=10)
    lignes.append(f"{'paramètre':<{largeur + 2}}{'vérifiée le':<12}valeur au {date.isoformat()}")
    for feuille in feuilles_:
        paires = _parametres_de(feuille)
        if isinstance(feuille, ParameterScale):
            valeur = f"barème de {len(feuille.brackets)} tranches"
        else:
            en_vigueur = valeur_au(paires[0][1], date)
            valeur = "—" if en_vigueur is None else format_valeur(en_vigueur.valeur, _metadonnees(feuille))
            if len(valeur) > 60:
                valeur = valeur[:57] + "..."
        lignes.append(f"{feuille.name:<{largeur + 2}}{derniere_verification(feuille) or 'jamais':<12}{valeur}")
    return "\n".join(lignes)
