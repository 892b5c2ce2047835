"""The ``metropole`` command line.

Exit codes: 0 success; 1 an error in the data or the rules, reported in one line; 2 a usage error
(unknown option, missing argument), reported by click.
"""

from __future__ import annotations

import json
import os
import sys

import click

from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.reforms import REFORMES as REFORMES_CONNUES

# The synthetic territories (openfisca_metropole.population.synthetique.TERRITOIRES; kept here so
# that the CLI starts without loading pandas).
TERRITOIRES = ("lyon", "lille", "france")


def _version() -> str:
    from openfisca_metropole import __version__

    return __version__


class GroupeMetropole(click.Group):
    """A click group that turns ErreurMetropole into one line on stderr and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ErreurMetropole as erreur:
            click.echo(f"Error: {erreur}", err=True)
            sys.exit(1)


@click.group(cls=GroupeMetropole, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=_version(), prog_name="metropole", message="%(prog)s %(version)s")
def main() -> None:
    """openfisca-metropole: RSA, prime d'activité, complémentaire santé solidaire and IAE
    eligibility for the insertion policies of a Métropole."""


def _format_valeur(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, float):
        return f"{valeur:,.2f}".replace(",", " ")
    return str(valeur)


def _tableau(resultats) -> str:
    """One table per entity: a row per variable, a column per instance."""
    lignes: list[str] = [f"Période : {resultats.periode}"]
    for entite, instances in resultats.valeurs.items():
        ids = list(instances)
        noms = [n for n in resultats.variables if resultats.entites.get(n) == entite]
        cellules = [[n] + [_format_valeur(instances[i].get(n, "")) for i in ids] for n in noms]
        entete = [entite] + ids
        largeurs = [max(len(str(x)) for x in colonne) for colonne in zip(entete, *cellules)]
        lignes.append("")
        lignes.append("  ".join(t.ljust(w) for t, w in zip(entete, largeurs)).rstrip())
        lignes.append("  ".join("-" * w for w in largeurs))
        for ligne in cellules:
            premiere = ligne[0].ljust(largeurs[0])
            autres = [t.rjust(w) for t, w in zip(ligne[1:], largeurs[1:])]
            lignes.append("  ".join([premiere, *autres]).rstrip())
    return "\n".join(lignes)


@main.command()
@click.argument("situation", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.argument("autres_variables", nargs=-1, metavar="[VARIABLE]...")
@click.option("--period", "-p", required=True, help="Month (2025-06) or year (2025) to compute.")
@click.option(
    "--variables", "-v", multiple=True,
    help="Variables to compute (repeat the option or separate names by spaces or commas). "
    "Default: those the situation asks for with a null value, else the programs' outputs.",
)
@click.option("--json", "en_json", is_flag=True, help="Print the results as JSON.")
def calcule(
    situation: str,
    autres_variables: tuple[str, ...],
    period: str,
    variables: tuple[str, ...],
    en_json: bool,
) -> None:
    """Compute a SITUATION (a JSON file in the OpenFisca web API format, '-' for stdin).

    \b
    Examples:
      metropole calcule menage.json --period 2025-06
      metropole calcule menage.json --period 2025-06 --variables rsa ppa cmu_c
    """
    from openfisca_metropole.situation import analyse_situation, calcule as calcule_situation, lit_situation

    if situation == "-":
        donnees = analyse_situation(sys.stdin.read(), "<stdin>")
    else:
        donnees = lit_situation(situation)
    noms = [n for groupe in variables + autres_variables for n in groupe.replace(",", " ").split()]
    resultats = calcule_situation(donnees, period, noms or None)
    if en_json:
        click.echo(json.dumps(resultats.en_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_tableau(resultats))


@main.command()
@click.argument("situation", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--period", "-p", required=True, help="Month of the RSA claim (2025-06).")
@click.option("--json", "en_json", is_flag=True, help="Print the report as JSON.")
def preinstruction(situation: str, period: str, en_json: bool) -> None:
    """Pre-instruct the complémentaire santé solidaire of a household whose RSA claim is being
    instructed (SITUATION: a JSON file in the web API format, '-' for stdin).

    \b
    For each famille: the RSA, the CSS (free, with a contribution, none) and why, each
    person's contribution, whether the CSS comes automatically with the RSA, the resources
    against the ceilings, and the resource months still missing to conclude.

    \b
    Example:
      metropole preinstruction menage.json --period 2025-06
    """
    from openfisca_metropole.preinstruction import preinstruction as preinstruit, texte
    from openfisca_metropole.situation import analyse_situation, lit_situation

    if situation == "-":
        donnees = analyse_situation(sys.stdin.read(), "<stdin>")
    else:
        donnees = lit_situation(situation)
    rapport = preinstruit(donnees, period)
    if en_json:
        click.echo(json.dumps(rapport, ensure_ascii=False, indent=2))
    else:
        click.echo(texte(rapport))


@main.command()
@click.argument("situation", metavar="PERSON_OR_SITUATION", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--date", "-d", "jour", required=True, help="Day of the diagnosis (2025-06-15).")
@click.option("--person", "personnes", multiple=True, help="Diagnose only this person (repeatable).")
@click.option("--json", "en_json", is_flag=True, help="Print the diagnosis as JSON.")
def iae(situation: str, jour: str, personnes: tuple[str, ...], en_json: bool) -> None:
    """Diagnose the IAE eligibility of each person (16 or over) of PERSON_OR_SITUATION: a
    situation in the web API format, or one person's variables ('-' for stdin).

    \b
    For each person: the administrative criteria met (level 1 or 2, and whether a public API can
    certify them or a paper proof is needed), the structure types (EI, ETTI, AI, ACI, EITI) that
    may hire on these criteria, what is missing for the others, what was not filled in, and how
    long the diagnosis stays valid. Before 2021-09-01: whether the person was a priority public.

    \b
    Examples:
      metropole iae personne.json --date 2025-06-15
      metropole iae menage.json --date 2025-06-15 --person parent1 --json
    """
    from openfisca_metropole.diagnostic_iae import diagnostic, texte
    from openfisca_metropole.situation import analyse_situation, lit_situation

    if situation == "-":
        donnees = analyse_situation(sys.stdin.read(), "<stdin>")
    else:
        donnees = lit_situation(situation)
    rapport = diagnostic(donnees, jour, list(personnes) or None)
    if en_json:
        click.echo(json.dumps(rapport, ensure_ascii=False, indent=2))
    else:
        click.echo(texte(rapport))


@main.group()
def population() -> None:
    """Population tables: their schema and their validation."""


@population.command("schema")
def population_schema() -> None:
    """Print the columns a population table may hold."""
    from openfisca_metropole.population import description
    from openfisca_metropole.situation import systeme

    click.echo(description(systeme()))


def _erreurs_population(erreur) -> None:
    for e in erreur.erreurs:
        click.echo(f"Error: {e}", err=True)
    click.echo(f"{len(erreur.erreurs)} error(s): nothing was computed", err=True)
    sys.exit(1)


@population.command("valide")
@click.argument("fichier", type=click.Path(dir_okay=False))
def population_valide(fichier: str) -> None:
    """Check a population table (CSV or Parquet) against the schema; list every error."""
    from openfisca_metropole.population import lit, valide
    from openfisca_metropole.situation import systeme

    table = lit(fichier)
    validation = valide(systeme(), table)
    if not validation.valide:
        for e in validation.erreurs:
            click.echo(f"Error: {e}", err=True)
        click.echo(f"{len(validation.erreurs)} error(s) in {fichier}", err=True)
        sys.exit(1)
    click.echo(f"{fichier}: {len(table)} persons, valid")


def _format_resume(resume: dict) -> str:
    """One aligned table per breakdown: a row per group, a column per figure."""
    lignes = [f"Période : {resume['periode']}"]
    if resume.get("population"):
        lignes.append(f"Population : {resume['population']}")
    if resume["menages_exclus"]:
        lignes.append(f"Ménages exclus (lignes invalides) : {resume['menages_exclus']}")
    if resume.get("recours"):
        r = resume["recours"]
        t = r["taux_non_recours"]
        lignes.append(
            f"Recours : {r['mode']}" + (f" (graine {r['graine']})" if r["mode"] == "draw" else "")
            + f" ; non-recours RSA {t['rsa']['ensemble']:.0%} (familles monoparentales {t['rsa']['famille monoparentale']:.0%},"
            f" couples sans enfant {t['rsa']['couple sans enfant']:.0%}), PPA {t['ppa']:.0%}, CSS gratuite"
            f" {t['css_gratuite']:.0%}, avec participation {t['css_participation']:.0%} (parameters/non_recours)"
        )
    for nom, table in resume["tables"].items():
        lignes += _table_groupes(nom, table)
    return "\n".join(lignes)


def _barre(total: int, libelle: str):
    """A progress bar with ETA on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return None, None
    barre = click.progressbar(length=total, label=libelle, file=sys.stderr, show_eta=True, show_percent=True)
    barre.__enter__()
    fait = [0]

    def progression(fin: int, _total: int) -> None:
        barre.update(fin - fait[0])
        fait[0] = fin

    return barre, progression


def _population(fichier, territoire, personnes, graine, period):
    """The table to run (a file, or the synthetic territory) and how to name it."""
    from openfisca_metropole.population import lit
    from openfisca_metropole.population.synthetique import GRAINE, calage, genere

    if fichier:
        options = [nom for nom, valeur in (("--territoire", territoire), ("--personnes", personnes), ("--graine", graine)) if valeur is not None]
        if options:
            raise click.UsageError(f"{', '.join(options)} only apply without a POPULATION file")
        from pathlib import Path

        if Path(fichier).is_dir():
            from openfisca_metropole.population.distribue import lit_dataset

            return lit_dataset(fichier), fichier
        return lit(fichier), fichier
    territoire = territoire or "lyon"
    graine = GRAINE if graine is None else graine
    table = genere(territoire, period, graine=graine, personnes=personnes)
    return table, f"population synthétique, {calage()[territoire]['libelle']} (graine {graine}, {len(table)} personnes)"


def _options_dask(commande):
    """The options choosing the engine of a population run (single process or Dask)."""
    options = [
        click.option("--engine", "moteur", type=click.Choice(("single", "dask")), default="single", show_default=True,
                     help="single: this process; dask: Dask workers, the population (a Parquet file or folder) partitioned by whole households."),
        click.option("--scheduler", default=None, metavar="ADDRESS", help="With --engine dask: the scheduler to use (tcp://host:8786); default: a local cluster."),
        click.option("--partitions", type=click.IntRange(min=1), default=None, help="With --engine dask: partitions (default: one per file; the rows are shuffled by menage when needed)."),
        click.option("--workers", "nb_workers", type=click.IntRange(min=1), default=None, help="With --engine dask and no --scheduler: worker processes of the local cluster (default: one per CPU)."),
    ]
    for option in reversed(options):
        commande = option(commande)
    return commande


def _verifie_dask(moteur, fichier, scheduler, partitions, nb_workers) -> None:
    """Usage errors of the engine options, in one line."""
    if moteur != "dask":
        donnees = [nom for nom, valeur in (("--scheduler", scheduler), ("--partitions", partitions), ("--workers", nb_workers)) if valeur is not None]
        if donnees:
            raise click.UsageError(f"{', '.join(donnees)} only apply with --engine dask")
        return
    if not fichier:
        raise click.UsageError("--engine dask runs a POPULATION Parquet file or folder (write one with metropole population genere -o FOLDER)")
    if scheduler and nb_workers:
        raise click.UsageError("--workers sizes the local cluster; it does not apply with --scheduler")


@main.command()
@click.argument("fichier", metavar="[POPULATION]", required=False, type=click.Path())
@click.option("--period", "-p", required=True, help="Month to compute (2025-06).")
@click.option("--variables", "-v", multiple=True, help="Outputs to compute (default: every program's).")
@click.option("--output", "-o", "sortie", type=click.Path(), help="Write the per-person results (.parquet or .csv; with --engine dask, a new or empty folder).")
@click.option("--strict/--skip-invalid", default=True, help="Stop on any invalid row (default), or exclude the invalid households.")
@click.option("--territoire", type=click.Choice(TERRITOIRES), help="Without POPULATION: which synthetic population (default lyon).")
@click.option("--personnes", type=click.IntRange(min=1), help="Without POPULATION: draw about this many persons (weighted up to the territory).")
@click.option("--graine", type=int, default=None, help="Without POPULATION: seed of the synthetic population (default 2025).")
@click.option(
    "--recours", type=click.Choice(("entitlement", "expected", "draw")), default=None,
    help="Take-up: also report what is claimed, by everyone entitled (entitlement), each household weighted by "
    "its probability of claiming (expected), or a seeded draw per famille (draw); rates in parameters/non_recours.",
)
@click.option("--graine-recours", type=int, default=None, help="Seed of the take-up draw (default 2025).")
@click.option("--json", "en_json", is_flag=True, help="Print the summary as JSON.")
@_options_dask
def simule(fichier, period, variables, sortie, strict, territoire, personnes, graine, recours, graine_recours, en_json, moteur, scheduler, partitions, nb_workers) -> None:
    """Run a whole population for one month and print the summary: households, persons covered and
    cost per program, by territorial conference, QPV or not, and household type.

    POPULATION is a CSV or Parquet table (see `metropole population schema`), or a folder of
    Parquet files. Without it, the synthetic Métropole de Lyon (about 1.44 million persons) is
    generated and run. With --engine dask the POPULATION is partitioned by whole households and run
    by Dask workers (a local cluster, or --scheduler); --output is then a folder that receives one
    Parquet file per partition.

    \b
    Examples:
      metropole simule --period 2025-06
      metropole simule --period 2025-06 --territoire lille --json
      metropole simule population.parquet --period 2025-06 -o resultats.parquet
      metropole simule --period 2025-06 --recours draw
      metropole simule population/ --period 2025-06 --engine dask --partitions 8
    """
    from openfisca_metropole.population import ErreurPopulation, simule as simule_population

    noms = [n for groupe in variables for n in groupe.replace(",", " ").split()]
    _verifie_dask(moteur, fichier, scheduler, partitions, nb_workers)
    if graine_recours is not None and recours is None:
        raise click.UsageError("--graine-recours only applies with --recours")
    if sortie and moteur != "dask" and os.path.isdir(sortie):
        raise ErreurMetropole(f"--output {sortie}: a folder; without --engine dask the results are one .parquet or .csv file")
    if moteur == "dask":
        from openfisca_metropole.population.distribue import session, simule_distribue

        options = [nom for nom, valeur in (("--territoire", territoire), ("--personnes", personnes), ("--graine", graine)) if valeur is not None]
        if options:
            raise click.UsageError(f"{', '.join(options)} only apply without a POPULATION file")
        try:
            with session(scheduler, nb_workers) as client:
                resultats = simule_distribue(fichier, period, client, noms or None, strict=strict, recours=recours,
                                             graine_recours=graine_recours, partitions=partitions, sortie=sortie)
        except ErreurPopulation as erreur:
            _erreurs_population(erreur)
        resume = resultats.resume
        resume["population"] = f"{fichier} ({resultats.personnes} persons, {resultats.partitions} Dask partitions)"
        click.echo(json.dumps(resume, ensure_ascii=False, indent=2) if en_json else _format_resume(resume))
        return
    table, origine = _population(fichier, territoire, personnes, graine, period)
    barre, progression = (None, None) if en_json else _barre(len(table), "Calcul")
    try:
        resultats = simule_population(table, period, noms or None, strict=strict, progression=progression)
    except ErreurPopulation as erreur:
        _erreurs_population(erreur)
    finally:
        if barre is not None:
            barre.__exit__(None, None, None)
    if sortie:
        from openfisca_metropole.population.sorties import ecrit

        ecrit(resultats, sortie)
    if recours is not None:
        resultats.avec_recours(recours, graine=graine_recours)
    resume = resultats.resume()
    resume["population"] = origine
    click.echo(json.dumps(resume, ensure_ascii=False, indent=2) if en_json else _format_resume(resume))


def _table_groupes(nom: str, table: list[dict]) -> list[str]:
    """An aligned table: a row per group, a column per figure."""
    colonnes = [c for c in table[0] if c != "groupe"]
    entete = [nom, *colonnes]
    cellules = [[ligne["groupe"], *(f"{ligne[c]:,.0f}".replace(",", " ") if c in ligne else "" for c in colonnes)] for ligne in table]
    largeurs = [max(len(str(x)) for x in colonne) for colonne in zip(entete, *cellules)]
    lignes = ["", "  ".join(t.ljust(w) for t, w in zip(entete, largeurs)).rstrip()]
    for ligne in cellules:
        lignes.append("  ".join([ligne[0].ljust(largeurs[0]), *(t.rjust(w) for t, w in zip(ligne[1:], largeurs[1:]))]))
    return lignes


def _parametres_reforme(parametres) -> dict[str, str]:
    """``--param KEY=VALUE`` options as a dict."""
    valeurs = {}
    for texte in parametres:
        cle, egal, valeur = texte.partition("=")
        if not egal or not cle.strip():
            raise click.UsageError(f"--param expects KEY=VALUE, not '{texte}'")
        valeurs[cle.strip()] = valeur.strip()
    return valeurs


def _format_comparaison(resume: dict) -> str:
    parametres = ", ".join(f"{k}={v}" for k, v in resume["parametres"].items())
    lignes = [
        f"Période : {resume['periode']}",
        f"Population : {resume['population']}",
        f"Réforme(s) : {', '.join(resume['reformes'])}" + (f" ({parametres})" if parametres else ""),
        f"Recours : {resume['recours']} (montants perçus = montants dus en mode entitlement)",
    ]
    couts = resume["couts"]
    lignes += _table_groupes("coût", [{k: v for k, v in ligne.items() if "perçu" not in k and "percevant" not in k} for ligne in couts])
    lignes += _table_groupes("coût (recours)", [{"groupe": l["groupe"], **{k: v for k, v in l.items() if "perçu" in k or "percevant" in k}} for l in couts])
    for nom, table in resume["gagnants_perdants"].items():
        lignes += _table_groupes(f"gagnants et perdants ({nom})" if nom != "total" else "gagnants et perdants", table)
    return "\n".join(lignes)


@main.command()
@click.argument("fichier", metavar="[POPULATION]", required=False, type=click.Path())
@click.option("--reform", "-r", "reformes", required=True, multiple=True, help="Reform(s) by name, comma-separated or repeated: " + ", ".join(REFORMES_CONNUES) + ".")
@click.option("--param", "parametres", multiple=True, metavar="KEY=VALUE", help="A parameter of a reform (e.g. age=20).")
@click.option("--period", "-p", required=True, help="Month to compute (2025-06).")
@click.option("--recours", type=click.Choice(("entitlement", "expected", "draw")), default="entitlement", show_default=True, help="Take-up mode for both runs.")
@click.option("--graine-recours", type=int, default=None, help="Seed of the take-up draw (default 2025), the same for both runs.")
@click.option("--strict/--skip-invalid", default=True, help="Stop on any invalid row (default), or exclude the invalid households.")
@click.option("--territoire", type=click.Choice(TERRITOIRES), help="Without POPULATION: which synthetic population (default lyon).")
@click.option("--personnes", type=click.IntRange(min=1), help="Without POPULATION: draw about this many persons.")
@click.option("--graine", type=int, default=None, help="Without POPULATION: seed of the synthetic population (default 2025).")
@click.option("--output", "-o", "sortie", type=click.Path(dir_okay=False), help="Write the per-famille differences (.parquet or .csv).")
@click.option("--json", "en_json", is_flag=True, help="Print the comparison as JSON.")
@_options_dask
def compare(fichier, reformes, parametres, period, recours, graine_recours, strict, territoire, personnes, graine, sortie, en_json, moteur, scheduler, partitions, nb_workers) -> None:
    """Run a population under the baseline and under REFORM(S), and report the cost change per
    program (entitled and claimed) and who gains or loses, by territorial conference, QPV, household
    type and income decile.

    \b
    Examples:
      metropole compare --reform css_automatique --recours draw --period 2025-06
      metropole compare --reform rsa_jeunes --param age=21 --period 2025-06 -o ecarts.parquet
      metropole compare --reform rsa_jeunes population.parquet --period 2025-06 --json
      metropole compare --reform rsa_jeunes population/ --period 2025-06 --engine dask
    """
    from openfisca_metropole.population import ErreurPopulation
    from openfisca_metropole.population.comparaison import compare as compare_population

    noms = [n for groupe in reformes for n in groupe.replace(",", " ").split()]
    valeurs = _parametres_reforme(parametres)
    _verifie_dask(moteur, fichier, scheduler, partitions, nb_workers)
    try:
        if moteur == "dask":
            from openfisca_metropole.population.distribue import compare_distribue, session

            options = [nom for nom, valeur in (("--territoire", territoire), ("--personnes", personnes), ("--graine", graine)) if valeur is not None]
            if options:
                raise click.UsageError(f"{', '.join(options)} only apply without a POPULATION file")
            with session(scheduler, nb_workers) as client:
                comparaison = compare_distribue(fichier, period, client, noms, valeurs, mode=recours, graine=graine_recours,
                                                strict=strict, partitions=partitions)
            origine = f"{fichier} (Dask)"
        else:
            table, origine = _population(fichier, territoire, personnes, graine, period)
            comparaison = compare_population(table, period, noms, valeurs, mode=recours, graine=graine_recours, strict=strict)
    except ErreurPopulation as erreur:
        _erreurs_population(erreur)
    if sortie:
        from openfisca_metropole.population.sorties import ecrit_table

        ecrit_table(comparaison.familles, sortie)
    resume = comparaison.resume()
    resume["population"] = origine
    click.echo(json.dumps(resume, ensure_ascii=False, indent=2) if en_json else _format_comparaison(resume))


@main.command()
@click.option("--bind", "-b", default="127.0.0.1:5000", show_default=True, help="Address to listen on (HOST:PORT; 0.0.0.0:PORT behind a reverse proxy).")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per CPU).")
@click.option("--preload/--no-preload", default=True, show_default=True, help="Load the tax-benefit system once, before forking the workers, so that they share it.")
@click.option("--threads", type=click.IntRange(min=1), default=8, show_default=True, help="Connections each worker holds at once; the requests among them that wait are computed together (1: gunicorn's sync worker, one request at a time).")
@click.option("--reforms", "-r", "reformes", multiple=True, help="Serve these reforms instead of the law (by name, comma-separated or repeated): " + ", ".join(REFORMES_CONNUES) + ".")
@click.option("--param", "parametres", multiple=True, metavar="KEY=VALUE", help="A parameter of a served reform (e.g. age=20).")
@click.option("--max-body", type=click.IntRange(min=1), default=1_000_000, show_default=True, help="Largest request body, in bytes (413 beyond).")
@click.option("--max-persons", type=click.IntRange(min=1), default=100, show_default=True, help="Most persons in one /calculate or /trace request (413 beyond).")
@click.option("--max-values", type=click.IntRange(min=1), default=2000, show_default=True, help="Most values asked for (nulls) in one request (413 beyond).")
@click.option("--max-axes-persons", type=click.IntRange(min=1), default=20_000, show_default=True, help="Most persons once a situation is replicated along its axes (413 beyond).")
@click.option("--time-limit", type=click.FloatRange(min=0), default=10.0, show_default=True, help="Seconds of computation allowed to one request (503 beyond; 0: no limit).")
@click.option("--timeout", type=click.IntRange(min=1), default=None, help="Seconds after which gunicorn kills a silent worker (default: time limit + 30).")
@click.option("--access-logfile", default=None, help="Where gunicorn writes its access log ('-': stderr).")
@click.option("--batch-wait", type=click.FloatRange(min=0, max=1000), default=5.0, show_default=True, help="Milliseconds a worker waits, at most, for the requests its threads are still reading before it computes those queued, so that they are computed together (0: never wait).")
@click.option("--pin/--no-pin", default=True, show_default=True, help="With fewer workers than cores (Linux), run each worker on a core of its own.")
def serve(bind, workers, preload, threads, reformes, parametres, max_body, max_persons, max_values, max_axes_persons, time_limit, timeout, access_logfile, batch_wait, pin) -> None:
    """Serve the OpenFisca web API of this package with gunicorn, with limits on what one request
    may ask and a JSON error (never a 500) for every malformed request.

    \b
    Examples:
      metropole serve
      metropole serve --bind 0.0.0.0:8000 --workers 4
      metropole serve --reforms css_automatique --bind 127.0.0.1:5001

    See docs/api.md for the routes, the error format and deployment behind a reverse proxy.
    """
    import os

    from openfisca_metropole.api import Limites, creer_application, epingle_worker, epinglage_utile, serveur_gunicorn, systeme

    noms = [n for groupe in reformes for n in groupe.replace(",", " ").split()]
    valeurs = _parametres_reforme(parametres)
    limites = Limites(octets=max_body, personnes=max_persons, valeurs=max_values, personnes_axes=max_axes_persons, secondes=time_limit)
    # Build the reformed system once here, so that a wrong reform or parameter stops the command
    # with one line before gunicorn starts.
    tbs = systeme(noms, valeurs)
    options = {
        "bind": bind,
        "workers": workers or os.cpu_count() or 1,
        "preload_app": preload,
        "timeout": timeout or int(time_limit) + 30,
        "worker_class": "gthread" if threads > 1 else "sync",
        "threads": threads,
    }
    if access_logfile:
        options["accesslog"] = access_logfile
    if pin and epinglage_utile(options["workers"]):
        options["post_fork"] = epingle_worker
    serveur_gunicorn(options, lambda: creer_application(noms, valeurs, limites, tbs=tbs if preload else None, attente=batch_wait / 1000)).run()


@main.group()
def graphique() -> None:
    """Charts written as PNG and SVG: the budget constraint of a household type, the gains and
    losses of a reform."""


@graphique.command("budget")
@click.option("--composition", "-c", default="couple_2_enfants", show_default=True, help="Household type: personne_seule, couple_sans_enfant, parent_isole_1_enfant, parent_isole_2_enfants, couple_1_enfant, couple_2_enfants, couple_3_enfants.")
@click.option("--period", "-p", required=True, help="Month (2025-06).")
@click.option("--reform", "-r", "reformes", multiple=True, help="Reform(s) whose disposable income is drawn over the baseline.")
@click.option("--param", "parametres", multiple=True, metavar="KEY=VALUE", help="A parameter of a reform.")
@click.option("--aide-logement", type=click.FloatRange(min=0), default=0.0, show_default=True, help="Housing aid given, € a month.")
@click.option("--output", "-o", "sortie", default=None, help="Prefix of the files written (PREFIX.png, PREFIX.svg); default budget_COMPOSITION_PERIOD.")
def graphique_budget(composition, period, reformes, parametres, aide_logement, sortie) -> None:
    """Disposable income (earnings, family benefits, housing aid given, RSA, prime d'activité)
    against the first adult's monthly net earnings, 0 to 2.5 net SMIC, stacked by component.

    \b
    Example:
      metropole graphique budget --composition couple_2_enfants --period 2025-06 --reform revalorisation
    """
    from openfisca_metropole.graphiques import contrainte_budgetaire, enregistre, trace_budget

    noms = [n for groupe in reformes for n in groupe.replace(",", " ").split()]
    courbe = contrainte_budgetaire(composition, period, noms, _parametres_reforme(parametres), aide_logement)
    chemins = enregistre(trace_budget(courbe), sortie or f"budget_{composition}_{period}")
    click.echo("written: " + ", ".join(str(c) for c in chemins))


@graphique.command("comparaison")
@click.argument("fichier", metavar="[POPULATION]", required=False, type=click.Path(dir_okay=False))
@click.option("--reform", "-r", "reformes", required=True, multiple=True, help="Reform(s) by name.")
@click.option("--param", "parametres", multiple=True, metavar="KEY=VALUE", help="A parameter of a reform.")
@click.option("--period", "-p", required=True, help="Month (2025-06).")
@click.option("--recours", type=click.Choice(("entitlement", "expected", "draw")), default="entitlement", show_default=True)
@click.option("--territoire", type=click.Choice(TERRITOIRES), help="Without POPULATION: which synthetic population (default lyon).")
@click.option("--personnes", type=click.IntRange(min=1), help="Without POPULATION: draw about this many persons.")
@click.option("--output", "-o", "sortie", default=None, help="Prefix of the files written; default comparaison_REFORMS_PERIOD.")
def graphique_comparaison(fichier, reformes, parametres, period, recours, territoire, personnes, sortie) -> None:
    """Gains and losses of a reform by income decile and territorial conference (the comparison of
    `metropole compare`), as PNG and SVG."""
    from openfisca_metropole.graphiques import enregistre, trace_comparaison
    from openfisca_metropole.population.comparaison import compare as compare_population

    noms = [n for groupe in reformes for n in groupe.replace(",", " ").split()]
    table, origine = _population(fichier, territoire, personnes, None, period)
    resume = compare_population(table, period, noms, _parametres_reforme(parametres), mode=recours).resume()
    resume["population"] = origine
    chemins = enregistre(trace_comparaison(resume), sortie or f"comparaison_{'_'.join(noms)}_{period}")
    click.echo("written: " + ", ".join(str(c) for c in chemins))


@population.command("genere")
@click.option("--territoire", type=click.Choice(TERRITOIRES), default="lyon", show_default=True)
@click.option("--period", "-p", default="2025-06", show_default=True, help="Month the ages and amounts are those of.")
@click.option("--personnes", "--persons", "personnes", type=click.IntRange(min=1), help="About this many persons (default: the whole territory; 10_000_000 is read as 10000000).")
@click.option("--graine", type=int, default=2025, show_default=True, help="Seed: the same seed gives the same table.")
@click.option("--output", "--sortie", "-o", "sortie", required=True, type=click.Path(), help="File to write (.parquet or .csv), or a folder: a Parquet dataset, one file per block of households, written one at a time.")
def population_genere(territoire, period, personnes, graine, sortie) -> None:
    """Write a synthetic population (the table `metropole simule` runs without a file).

    \b
    Examples:
      metropole population genere --territoire lille -o lille.parquet
      metropole population genere --territoire france --persons 10_000_000 --output france/
    """
    from pathlib import Path

    from openfisca_metropole.population.sorties import ecrit_table
    from openfisca_metropole.population.synthetique import ecrit_parties, genere

    if Path(sortie).suffix.lower() not in (".parquet", ".csv"):
        barre, progression = _barre(personnes or 0, "Génération") if personnes else (None, None)
        try:
            lignes, menages, fichiers = ecrit_parties(sortie, territoire, period, graine=graine, personnes=personnes, progression=progression)
        finally:
            if barre is not None:
                barre.__exit__(None, None, None)
        click.echo(f"{sortie}: {lignes} persons, {menages} menages in {fichiers} Parquet file(s) ({territoire}, seed {graine})")
        return
    table = genere(territoire, period, graine=graine, personnes=personnes)
    ecrit_table(table, sortie)
    click.echo(f"{sortie}: {len(table)} persons, {table['menage_id'].nunique()} menages ({territoire}, seed {graine})")


def _ajoute_commandes_de_consultation() -> None:
    """programmes, parametre, parametres, explique (openfisca_metropole.cli_consultation)."""
    from openfisca_metropole.cli_consultation import COMMANDES

    for commande in COMMANDES:
        main.add_command(commande)


_ajoute_commandes_de_consultation()


if __name__ == "__main__":
    main()
