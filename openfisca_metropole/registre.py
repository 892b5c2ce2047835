"""The programs registry (``programs.yaml`` at the repository root): what is modelled, for which
periods, from which texts, last checked when, and how it differs from openfisca-france.

``metropole programmes`` prints it; ``tests/test_registre.py`` checks it against the system with
``verifie``.

    from openfisca_metropole.registre import charge
    registre = charge()
    registre["rsa"]["periodes"]
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from openfisca_metropole.erreurs import ErreurMetropole

FICHIER = "programs.yaml"
STATUTS = ("complete", "partial", "proposal")
CHAMPS = (
    "libelle", "statut", "entite", "reforme", "variables", "parametres", "periodes", "textes",
    "derniere_verification", "divergences_openfisca_france", "non_modelise", "commandes", "documentation",
)
LIBELLES_STATUT = {"complete": "complet", "partial": "partiel", "proposal": "proposition"}


def chemin() -> Path:
    """Where programs.yaml is: beside ``parameters/`` (the repository root in an editable install,
    the package folder in a wheel, where setup.py copies it)."""
    from openfisca_metropole import data_folder

    return data_folder("parameters").parent / FICHIER


def _texte_date(valeur) -> str | None:
    if valeur is None:
        return None
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    return str(valeur)


def _decrit(valeur) -> str:
    """A value as a shape error names it."""
    if valeur is None:
        return "null"
    if isinstance(valeur, dict):
        return "a mapping"
    if isinstance(valeur, list):
        return "a list"
    texte = " ".join(str(valeur).split())
    return repr(texte[:40] + ("…" if len(texte) > 40 else "")) if isinstance(valeur, str) else texte[:40]


def _texte(valeur, ou: str, vide: bool = False) -> None:
    if not isinstance(valeur, str) or (not vide and not valeur.strip()):
        raise ErreurMetropole(f"{ou}: expected {'text' if vide else 'a non-empty text'}, not {_decrit(valeur)}")


def _date(valeur, ou: str) -> None:
    if valeur is not None and not isinstance(valeur, (str, datetime.date)):
        raise ErreurMetropole(f"{ou}: expected a date (YYYY-MM-DD) or null, not {_decrit(valeur)}")


def _liste(valeur, ou: str, quoi: str) -> list:
    if not isinstance(valeur, list):
        raise ErreurMetropole(f"{ou}: expected a list of {quoi}, not {_decrit(valeur)}")
    return valeur


def _textes(valeur, ou: str) -> None:
    for i, element in enumerate(_liste(valeur, ou, "names")):
        _texte(element, f"{ou}[{i}]")


def _fiches(valeur, ou: str, quoi: str, champs: tuple[str, ...]) -> list[dict]:
    """A list of mappings holding at least ``champs``."""
    fiches = _liste(valeur, ou, f"{quoi} ({', '.join(champs)})")
    for i, fiche in enumerate(fiches):
        if not isinstance(fiche, dict):
            raise ErreurMetropole(f"{ou}[{i}]: expected a mapping ({', '.join(champs)}), not {_decrit(fiche)}")
        manquants = [c for c in champs if c not in fiche]
        if manquants:
            raise ErreurMetropole(f"{ou}[{i}]: lacks {', '.join(manquants)}")
    return fiches


def _verifie_forme(identifiant, entree: dict, ou: str) -> None:
    """ErreurMetropole naming the program and the field whose value has not the documented shape."""
    ou = f"{ou}: program '{identifiant}'"
    for champ in ("libelle", "entite", "documentation"):
        _texte(entree[champ], f"{ou}: {champ}")
    if entree["statut"] not in STATUTS:
        raise ErreurMetropole(f"{ou}: statut: expected one of {', '.join(STATUTS)}, not {_decrit(entree['statut'])}")
    if entree["reforme"] is not None:
        _texte(entree["reforme"], f"{ou}: reforme")
    for champ in ("variables", "parametres", "non_modelise", "commandes"):
        _textes(entree[champ], f"{ou}: {champ}")
    _date(entree["derniere_verification"], f"{ou}: derniere_verification")
    for i, periode in enumerate(_fiches(entree["periodes"], f"{ou}: periodes", "periods", ("debut", "fin"))):
        _date(periode["debut"], f"{ou}: periodes[{i}].debut")
        _date(periode["fin"], f"{ou}: periodes[{i}].fin")
        if "libelle" in periode:
            _texte(periode["libelle"], f"{ou}: periodes[{i}].libelle", vide=True)
        if "variables" in periode:
            _textes(periode["variables"], f"{ou}: periodes[{i}].variables")
    for i, texte in enumerate(_fiches(entree["textes"], f"{ou}: textes", "texts", ("titre", "href"))):
        for champ in ("titre", "href"):
            _texte(texte[champ], f"{ou}: textes[{i}].{champ}")
    divergences = _fiches(entree["divergences_openfisca_france"], f"{ou}: divergences_openfisca_france", "divergences", ("classe", "raison"))
    for i, divergence in enumerate(divergences):
        for champ in ("classe", "raison"):
            _texte(divergence[champ], f"{ou}: divergences_openfisca_france[{i}].{champ}")


def charge(fichier: str | Path | None = None) -> dict[str, dict]:
    """The registry as {program id: entry}, dates as ``YYYY-MM-DD`` text; ErreurMetropole if the file
    is missing or does not have the documented shape."""
    fichier = Path(fichier) if fichier else chemin()
    try:
        donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    except OSError as erreur:
        raise ErreurMetropole(f"{fichier}: cannot read the programs registry ({erreur.strerror})") from erreur
    except yaml.YAMLError as erreur:
        raise ErreurMetropole(f"{fichier}: invalid YAML ({' '.join(str(erreur).split())})") from erreur
    programmes = donnees.get("programmes") if isinstance(donnees, dict) else None
    if not isinstance(programmes, dict) or not programmes:
        raise ErreurMetropole(f"{fichier}: expected a mapping 'programmes' of program id to entry")
    for identifiant, entree in programmes.items():
        if not isinstance(entree, dict):
            raise ErreurMetropole(f"{fichier}: program '{identifiant}': expected a mapping of its fields, not {_decrit(entree)}")
        manquants = [c for c in CHAMPS if c not in entree]
        if manquants:
            raise ErreurMetropole(f"{fichier}: program '{identifiant}' lacks {', '.join(manquants)}")
        _verifie_forme(identifiant, entree, str(fichier))
        entree["derniere_verification"] = _texte_date(entree["derniere_verification"])
        for periode in entree["periodes"]:
            periode["debut"] = _texte_date(periode.get("debut"))
            periode["fin"] = _texte_date(periode.get("fin"))
            periode.setdefault("variables", [])
    return programmes


def programme(identifiant: str, registre: dict | None = None) -> dict:
    """One entry, or ErreurMetropole naming the known ids."""
    registre = registre if registre is not None else charge()
    if identifiant not in registre:
        raise ErreurMetropole(f"unknown program '{identifiant}': expected one of {', '.join(registre)}")
    return registre[identifiant]


def toutes_les_variables(entree: dict) -> list[str]:
    """The program's entry variables and those of its periods."""
    noms = list(entree["variables"])
    for periode in entree["periodes"]:
        noms += [n for n in periode["variables"] if n not in noms]
    return noms


# -- Checks against the system ----------------------------------------------------------------------


def systeme_de(entree: dict, tbs=None):
    """The system the entry is computed by: the law, or the law with its reform."""
    if tbs is None:
        from openfisca_metropole.situation import systeme

        tbs = systeme()
    if entree["reforme"]:
        from openfisca_metropole.reforms import classe

        return classe(entree["reforme"])(tbs)
    return tbs


def parametres_sous(prefixes: list[str], tbs) -> list:
    """The parameters and scales under each prefix (a prefix may name one parameter)."""
    from openfisca_metropole.explorateur import cherche, feuilles

    trouves = []
    for prefixe in prefixes:
        trouves += feuilles(cherche(prefixe, tbs))
    return trouves


def derniere_verification(entree: dict, tbs) -> str | None:
    """The oldest ``last_value_still_valid_on`` of the parameters under the entry's prefixes."""
    from openfisca_metropole.explorateur import derniere_verification as verification

    dates = [verification(p) for p in parametres_sous(entree["parametres"], tbs)]
    if any(d is None for d in dates):
        return None
    return min(dates, default=None)


def _debut(variable) -> str | None:
    return min((str(d) for d in variable.formulas), default=None)


def verifie(registre: dict | None = None, tbs=None) -> list[str]:
    """Everything in the registry that the system contradicts, one line each (empty: all true)."""
    registre = registre if registre is not None else charge()
    problemes = []
    for identifiant, entree in registre.items():
        try:
            systeme = systeme_de(entree, tbs)
        except ErreurMetropole as erreur:
            problemes.append(f"{identifiant}: {erreur}")
            continue
        for nom in toutes_les_variables(entree):
            if nom not in systeme.variables:
                problemes.append(f"{identifiant}: unknown variable '{nom}'")
        for prefixe in entree["parametres"]:
            try:
                parametres_sous([prefixe], systeme)
            except ErreurMetropole as erreur:
                problemes.append(f"{identifiant}: parameter prefix '{prefixe}': {erreur}")
        for periode in entree["periodes"]:
            for nom in periode["variables"]:
                variable = systeme.variables.get(nom)
                if variable is None:
                    continue
                if periode["debut"] and _debut(variable) != periode["debut"]:
                    problemes.append(f"{identifiant}: '{nom}' starts on {_debut(variable)}, not on {periode['debut']}")
                fin = None if variable.end is None else str(variable.end)
                if fin != periode["fin"]:
                    problemes.append(f"{identifiant}: '{nom}' ends on {fin}, not on {periode['fin']}")
        if entree["statut"] == "proposal":
            if entree["derniere_verification"] is not None:
                problemes.append(f"{identifiant}: a proposal has no derniere_verification")
        else:
            try:
                attendue = derniere_verification(entree, systeme)
            except ErreurMetropole:
                attendue = None  # reported above
            if attendue != entree["derniere_verification"]:
                problemes.append(
                    f"{identifiant}: derniere_verification is {entree['derniere_verification']}, "
                    f"the parameters say {attendue}"
                )
    return problemes


# -- Text ------------------------------------------------------------------------------------------


def _periode(periode: dict) -> str:
    debut = periode["debut"] or "?"
    fin = periode["fin"] or "aujourd'hui"
    return f"{debut} → {fin}"


def texte_liste(registre: dict) -> str:
    """Three lines per program: name, status, periods and last check, entry variables and
    parameters; then how to see one in full."""
    lignes = []
    for identifiant, entree in registre.items():
        periodes = ", ".join(_periode(p) for p in entree["periodes"]) or "pas en vigueur"
        verification = entree["derniere_verification"]
        lignes.append(f"{identifiant} — {entree['libelle']}")
        lignes.append(
            f"  {LIBELLES_STATUT[entree['statut']]} ; {periodes}"
            + (f" ; valeurs vérifiées au {verification}" if verification else "")
        )
        reforme = f" (réforme {entree['reforme']})" if entree["reforme"] else ""
        lignes.append(
            f"  variables : {', '.join(toutes_les_variables(entree))}{reforme} ; paramètres : {', '.join(entree['parametres'])}"
        )
    lignes.append("")
    lignes.append("Détail d'un programme (textes, écarts avec openfisca-france) : metropole programmes ID")
    return "\n".join(lignes)


def texte_programme(identifiant: str, entree: dict) -> str:
    """Every field of one program, for a reader."""
    lignes = [f"{identifiant} — {entree['libelle']}"]
    lignes.append(f"  Statut : {LIBELLES_STATUT[entree['statut']]}")
    lignes.append(f"  Entité : {entree['entite']}")
    if entree["reforme"]:
        lignes.append(f"  Ajouté au droit national par la réforme : {entree['reforme']} (metropole compare --reform {entree['reforme']})")
    if entree["variables"]:
        lignes.append(f"  Variables : {', '.join(entree['variables'])}")
    lignes.append(f"  Paramètres : {', '.join(entree['parametres'])}")
    lignes.append("  Périodes :")
    if not entree["periodes"]:
        lignes.append("    aucune : ce n'est pas le droit en vigueur")
    for periode in entree["periodes"]:
        lignes.append(f"    {_periode(periode)} : {periode.get('libelle', '')}")
        if periode["variables"]:
            lignes.append(f"      variables : {', '.join(periode['variables'])}")
    lignes.append("  Textes :")
    for texte in entree["textes"]:
        lignes.append(f"    {texte['titre']}")
        lignes.append(f"      {texte['href']}")
    verification = entree["derniere_verification"]
    lignes.append(
        "  Dernière vérification des valeurs : "
        + (f"{verification} (metropole parametres {entree['parametres'][0]} --perimes)" if verification else "sans objet")
    )
    divergences = entree["divergences_openfisca_france"]
    lignes.append(f"  Écarts connus avec openfisca-france : {len(divergences) or 'aucun'}")
    for divergence in divergences:
        lignes.append(f"    {divergence['classe']} : {divergence['raison']}")
    if entree["non_modelise"]:
        lignes.append("  Non modélisé :")
        lignes += [f"    - {n}" for n in entree["non_modelise"]]
    lignes.append(f"  Commandes : {', '.join('metropole ' + c for c in entree['commandes'])}")
    lignes.append(f"  Documentation : {entree['documentation']}")
    return "\n".join(lignes)
