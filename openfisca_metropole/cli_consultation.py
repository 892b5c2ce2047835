"""The commands that say what the engine models and why a result is what it is, for legal experts,
analysts, social workers and integrators: ``programmes``, ``parametre``, ``parametres`` and
``explique``. Registered on the ``metropole`` group by ``openfisca_metropole.cli``; errors are
ErreurMetropole (one line, exit code 1) or click usage errors (exit code 2).
"""

from __future__ import annotations

import json
import sys

import click

PROFONDEUR = 3


@click.command()
@click.argument("identifiant", metavar="[PROGRAMME]", required=False)
@click.option("--json", "en_json", is_flag=True, help="Print the registry (or the program) as JSON.")
def programmes(identifiant: str | None, en_json: bool) -> None:
    """List the programs and local aids modelled (programs.yaml): status, legal periods, entry
    variables, parameters, date their values were last checked; with PROGRAMME, its legal texts,
    its known divergences from openfisca-france and what is not modelled.

    \b
    Examples:
      metropole programmes
      metropole programmes rsa
      metropole programmes --json
    """
    from openfisca_metropole.registre import charge, programme, texte_liste, texte_programme

    registre = charge()
    if identifiant:
        entree = programme(identifiant, registre)
        click.echo(json.dumps({identifiant: entree}, ensure_ascii=False, indent=2) if en_json else texte_programme(identifiant, entree))
    else:
        click.echo(json.dumps(registre, ensure_ascii=False, indent=2) if en_json else texte_liste(registre))


@click.command()
@click.argument("nom", metavar="PARAMETRE")
@click.option("--date", "-d", "date_", default=None, help="Day of the value (2025-06-01; default today).")
@click.option("--history", "--historique", "historique", is_flag=True, help="Every value since the first, each with its references.")
@click.option("--json", "en_json", is_flag=True, help="Print as JSON.")
def parametre(nom: str, date_: str | None, historique: bool, en_json: bool) -> None:
    """Print a PARAMETRE's value at a date, or its history, with the date each value took effect
    and its legal references (title and Légifrance link). PARAMETRE is a full name
    (prestations.rsa.montant_forfaitaire) or its unique end (rsa.montant_forfaitaire); a folder
    (prestations.rsa.majorations) prints each parameter in it.

    \b
    Examples:
      metropole parametre rsa.montant_forfaitaire --date 2025-06-01
      metropole parametre rsa.montant_forfaitaire --history
      metropole parametre prestations.rsa.majorations
    """
    from openfisca_metropole import explorateur

    if historique and date_ is not None:
        raise click.UsageError("--date and --history exclude each other")
    noeud = explorateur.cherche(nom)
    jour = None if historique else explorateur.jour(date_)
    if en_json:
        click.echo(json.dumps(explorateur.en_dict(noeud, jour), ensure_ascii=False, indent=2))
    elif historique:
        click.echo(explorateur.texte_historique(noeud))
    else:
        click.echo(explorateur.texte_au(noeud, jour))


@click.command()
@click.argument("prefixe", metavar="[PREFIXE]", required=False)
@click.option("--perimes", is_flag=True, help="Only the parameters whose last value was not checked for --mois months (last_value_still_valid_on).")
@click.option("--au", "au", default=None, help="Reference day (default today): values on that day, staleness counted back from it.")
@click.option("--mois", type=click.IntRange(min=0), default=12, show_default=True, help="With --perimes: how many months make a check stale.")
@click.option("--json", "en_json", is_flag=True, help="Print as JSON.")
def parametres(prefixe: str | None, perimes: bool, au: str | None, mois: int, en_json: bool) -> None:
    """List the parameters (under PREFIXE, e.g. prestations.rsa) with their value today and the
    day their last value was last found still in force; with --perimes, only those to check again.

    \b
    Examples:
      metropole parametres --perimes
      metropole parametres prestations.rsa
      metropole parametres --perimes --au 2026-11-21 --json
    """
    from openfisca_metropole import explorateur
    from openfisca_metropole.situation import systeme

    jour = explorateur.jour(au)
    if perimes:
        trouves = explorateur.perimes(jour, mois, prefixe)
        if en_json:
            limite = explorateur.mois_avant(jour, mois).isoformat()
            click.echo(json.dumps({"au": jour.isoformat(), "verifies_avant": limite, "parametres": trouves}, ensure_ascii=False, indent=2))
        else:
            click.echo(explorateur.texte_perimes(trouves, jour, mois))
        return
    racine = explorateur.cherche(prefixe) if prefixe else systeme().parameters
    if en_json:
        click.echo(json.dumps(explorateur.en_dict(racine, jour), ensure_ascii=False, indent=2))
    else:
        click.echo(explorateur.texte_liste(racine, jour))


@click.command()
@click.argument("situation", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--variable", "-v", "nom", required=True, help="The variable to explain (rsa, ppa, css_droit...).")
@click.option("--period", "-p", required=True, help="Month (2025-06) or year the variable is computed for.")
@click.option("--profondeur", type=click.IntRange(min=0), default=PROFONDEUR, show_default=True, help="Levels of the computation shown below the variable.")
@click.option("--complet", is_flag=True, help="The whole tree, whatever its depth.")
@click.option("--json", "en_json", is_flag=True, help="Print the tree as JSON.")
def explique(situation: str, nom: str, period: str, profondeur: int, complet: bool, en_json: bool) -> None:
    """Explain how a variable is computed for a SITUATION (a JSON file in the web API format, '-'
    for stdin): the value of each intermediate variable, and the parameters read, with their
    value, the date it took effect and its legal references. A computation already detailed is
    not repeated; variables at zero that read nothing are grouped on one line.

    \b
    Examples:
      metropole explique menage.json --variable rsa --period 2025-06
      metropole explique menage.json -v css_droit -p 2025-06 --profondeur 5
      metropole explique menage.json -v rsa -p 2025-06 --complet --json
    """
    from openfisca_metropole.explication import explique as explique_situation, texte
    from openfisca_metropole.situation import analyse_situation, lit_situation

    if situation == "-":
        donnees = analyse_situation(sys.stdin.read(), "<stdin>")
    else:
        donnees = lit_situation(situation)
    explication = explique_situation(donnees, nom, period, None if complet else profondeur)
    if en_json:
        click.echo(json.dumps(explication.en_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(texte(explication, situation if situation != "-" else None))


COMMANDES = (programmes, parametre, parametres, explique)
