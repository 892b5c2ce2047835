"""Every code example of docs/*.md is executed, so that no page can go stale.

The convention (also in docs/architecture.md, « Les exemples de la documentation sont exécutés »):
a fenced block is chosen by its info string (```python, ```bash...) and, where needed, by an HTML
comment on the last non-blank line before the fence, ``<!-- KIND : VALUE | OPTION ... -->``.

- ```python: the blocks of one page run in order in one shared namespace (one test per page).
- ```bash, ```console, ```sh: each command (a line, ``\\`` continuations joined, ``# comments`` and a
  leading ``$ `` dropped) runs and must exit 0, or the code of a ``<!-- code de sortie : N -->``
  marker. ``metropole ...`` runs in this process through click's CliRunner; ``openfisca ...`` in a
  subprocess; ``curl ... http://HOST:PORT/PATH`` is sent to ``creer_application()`` through Flask's
  test client and must answer with a status below 400; ``&& echo ...`` after a command is ignored. ``metropole serve``
  runs with gunicorn replaced by a stub that builds the application and returns, so that its options,
  reforms and parameters are checked. Any other command (``python ...``, ``pip ...``) makes the block
  fail unless it is marked ``<!-- non exécuté : raison -->``. The blocks of one page share a
  working folder (below), in order.
- ```yaml: an OpenFisca test (a list of tests, or one test, with ``period`` and ``output``); every
  such block of every page is written to a temporary file and run by one ``openfisca test``. A YAML
  block marked ``<!-- extrait : CHEMIN -->`` must instead be contained in the file CHEMIN (each key
  and value it shows is in the file).
- ```diff marked ``<!-- extrait : CHEMIN -->``: the file after the change (context and ``+`` lines,
  in order, contiguous) is in CHEMIN as it is now.
- ```json must be marked:
  ``<!-- requête : METHOD PATH [| source CHEMIN] [| réformes a,b] -->`` a request to the web API;
  ``<!-- réponse : STATUS [| dans CLE] [| réformes a,b] -->`` the answer to the page's last request
  (status equal, every value shown found in the answer — or in its key CLE — floats within 1e-6
  relative); ``<!-- échange [| réformes a,b] -->`` a block whose first line is
  ``METHOD PATH → STATUS`` followed by the answer; ``<!-- extrait : CHEMIN -->``.
  ``<!-- erreurs -->`` a list of error answers, JSON objects one after the other, each sent again from the
  request this module keeps for it (ERREURS below: the status and the request whose answer it is;
  a line with no request there fails the test).
  ``…`` marks what was trimmed: a request holding ``…`` needs a ``source`` (the complete request,
  which must contain everything the block shows), except ``{"2024-05": 900, …, "2025-06": 900}``,
  months between two of the same value, which are filled in.
- ```text, ```nginx, ```ini, ```systemd, ```output: shown, not run. Any other block (bare ```
  included), and any block of an executable language that the test cannot run, fails the test until
  it is marked ``<!-- non exécuté : raison -->`` (the reason is required).

Placeholders and sizes. Commands run in a temporary folder (one per page) where
``openfisca_metropole``, ``parameters``, ``tests`` and ``benchmarks`` link to the repository and
where ``SITUATION.json`` (the bundled couple of Vaulx-en-Velin, its persons renamed parent1,
parent2, enfant1, enfant2), ``population.parquet`` and ``population.csv`` (a synthetic Lyon of
METROPOLE_DOCS_PERSONNES persons) exist. A whole Métropole takes about 40 s, so the commands a page
shows are run on a smaller population, METROPOLE_DOCS_PERSONNES persons (environment variable,
default 20 000): ``--personnes N`` is appended to ``metropole simule``, ``metropole compare`` and
``metropole graphique comparaison`` when they have neither a population file nor ``--personnes``,
and to ``metropole population genere`` without ``--personnes``; a ``--personnes``/``--persons``
above it is lowered to it. ``--engine dask`` commands run on one local Dask cluster of two workers
started for the test (``--scheduler`` is set to it, or replaces the one shown; ``--workers`` is
dropped; ``--partitions`` above 4 is lowered to 4). A command line already run identically on the page is not run again. Python blocks run
as written: they state their own sizes.

Run: ``pytest -q tests/test_docs.py -p no:randomly`` (about 40 s on two cores).
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

RACINE = Path(__file__).resolve().parent.parent
DOCS = RACINE / "docs"
PAGES = sorted(DOCS.glob("*.md"))
PERSONNES = int(os.environ.get("METROPOLE_DOCS_PERSONNES", "20000"))
PARTITIONS = 4  # --partitions above it is lowered to it: the population run is small

LANGAGES_AFFICHES = {"text", "nginx", "ini", "systemd", "output"}
LANGAGES_COMMANDES = {"bash", "console", "sh", "shell"}
MARQUEUR = re.compile(r"^<!--\s*(non exécuté|requête|réponse|échange|extrait|code de sortie|erreurs)\s*(?::\s*)?(.*?)\s*-->$")
OUVERTURE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)(.*)$")
ECHANGE = re.compile(r"^(GET|POST|PUT|DELETE)\s+(\S+)\s+→\s+(\d{3})\s*$")
MOIS = re.compile(r"^\d{4}-\d{2}$")
ELISION = "…"
# Commands of a page that use the whole population: (command words, index of the first argument).
COMMANDES_POPULATION = {("simule",): 1, ("compare",): 1, ("graphique", "comparaison"): 2}


@dataclass
class Bloc:
    page: Path
    ligne: int  # line of the opening fence, 1-based
    langage: str
    texte: str
    marqueur: str | None = None  # kind: non exécuté, requête, réponse, échange, extrait, code de sortie
    valeur: str = ""  # what follows the colon, before the first |
    options: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.page.name}:{self.ligne} ({self.langage or 'sans langage'})"


def blocs(page: Path) -> list[Bloc]:
    """The fenced blocks of a page, with their marker."""
    lignes = page.read_text(encoding="utf-8").splitlines()
    resultat: list[Bloc] = []
    i = 0
    while i < len(lignes):
        ouverture = OUVERTURE.match(lignes[i])
        if not ouverture:
            i += 1
            continue
        barriere, langage = ouverture.group(1), ouverture.group(2).lower()
        fin = i + 1
        while fin < len(lignes) and not re.match(rf"^ {{0,3}}{barriere[0]}{{{len(barriere)},}}\s*$", lignes[fin]):
            fin += 1
        bloc = Bloc(page, i + 1, langage, "\n".join(lignes[i + 1 : fin]) + "\n")
        j = i - 1
        while j >= 0 and not lignes[j].strip():
            j -= 1
        marqueur = MARQUEUR.match(lignes[j].strip()) if j >= 0 else None
        if marqueur:
            bloc.marqueur = marqueur.group(1)
            morceaux = [m.strip() for m in (marqueur.group(2) or "").split("|")]
            bloc.valeur = morceaux[0]
            for option in morceaux[1:]:
                cle, _, valeur = option.partition(" ")
                bloc.options[cle] = valeur.strip()
        resultat.append(bloc)
        i = fin + 1
    return resultat


def _page_id(page: Path) -> str:
    return page.name


def _pages_avec(predicat) -> list[Path]:
    return [p for p in PAGES if any(predicat(b) for b in blocs(p))]


def _est_commande(bloc: Bloc) -> bool:
    return bloc.langage in LANGAGES_COMMANDES and bloc.marqueur != "non exécuté"


def _est_python(bloc: Bloc) -> bool:
    return bloc.langage == "python" and bloc.marqueur != "non exécuté"


def _est_api(bloc: Bloc) -> bool:
    return bloc.langage == "json" and bloc.marqueur in ("requête", "réponse", "échange")


def _est_extrait(bloc: Bloc) -> bool:
    return bloc.marqueur == "extrait"


def _est_test_yaml(bloc: Bloc) -> bool:
    return bloc.langage == "yaml" and bloc.marqueur is None


# ---------------------------------------------------------------- every block is known or marked


def _commandes(bloc: Bloc) -> list[str]:
    """The command lines of a shell block: continuations joined, comments and prompts dropped."""
    lignes: list[str] = []
    courante = ""
    for brute in bloc.texte.splitlines():
        ligne = brute.rstrip()
        if ligne.endswith("\\"):
            courante += ligne[:-1] + " "
            continue
        courante += ligne
        mots = shlex.split(courante, comments=True)
        courante = ""
        if mots:
            if mots[0] == "$":
                mots = mots[1:]
            lignes.append(shlex.join(mots))
    return lignes


def _programme(commande: str) -> str:
    mots = shlex.split(commande)
    if "&&" in mots:
        suite = mots[mots.index("&&") + 1 :]
        if not suite or suite[0] != "echo":
            return "?"
        mots = mots[: mots.index("&&")]
    if mots[0] == "openfisca" and len(mots) > 1 and mots[1] == "serve":
        return "?"  # a server that does not return: mark the block
    return mots[0] if mots[0] in ("metropole", "openfisca", "curl") else "?"


def _probleme(bloc: Bloc) -> str | None:
    """Why the test cannot run this block (None: it can, or it is marked not to be run)."""
    if bloc.marqueur == "non exécuté":
        return None if bloc.valeur else "« non exécuté » sans raison"
    if bloc.langage in LANGAGES_AFFICHES:
        return None
    if bloc.langage == "python":
        return None
    if bloc.langage in LANGAGES_COMMANDES:
        inconnues = [c for c in _commandes(bloc) if _programme(c) == "?"]
        if inconnues:
            return f"commande que le test ne sait pas exécuter : {inconnues[0]}"
        if bloc.marqueur not in (None, "code de sortie"):
            return f"marqueur « {bloc.marqueur} » sur un bloc de commandes"
        return None
    if bloc.langage == "yaml":
        if bloc.marqueur in (None, "extrait"):
            return None
        return f"marqueur « {bloc.marqueur} » sur un bloc YAML"
    if bloc.langage == "diff":
        return None if bloc.marqueur == "extrait" else "bloc diff sans « extrait : CHEMIN »"
    if bloc.langage == "json":
        if bloc.marqueur in ("requête", "réponse", "échange", "extrait", "erreurs"):
            return None
        return "bloc JSON sans marqueur (requête, réponse, échange, extrait, erreurs ou non exécuté)"
    return f"langage « {bloc.langage or 'aucun'} » inconnu"


def test_chaque_bloc_est_execute_ou_marque():
    problemes = [f"{b}: {p}" for page in PAGES for b in blocs(page) if (p := _probleme(b))]
    assert not problemes, "\n".join(problemes)


def test_la_convention_refuse_un_bloc_inconnu(tmp_path):
    """The check above is not vacuous: an unmarked block of an unknown kind is refused."""
    page = tmp_path / "essai.md"
    page.write_text("Texte.\n\n```\nrien\n```\n\n```bash\npython script.py\n```\n\n```json\n{}\n```\n", encoding="utf-8")
    assert [_probleme(b) is not None for b in blocs(page)] == [True, True, True]


# ---------------------------------------------------------------- the working folder of a page


@functools.lru_cache(maxsize=None)
def _population_de_reference():
    from openfisca_metropole.population.synthetique import genere

    return genere("lyon", "2025-06", personnes=PERSONNES)


def _dossier(tmp_path: Path) -> Path:
    for nom in ("openfisca_metropole", "parameters", "tests", "benchmarks", "variables", "reforms", "docs"):
        (tmp_path / nom).symlink_to(RACINE / nom)
    exemple = (RACINE / "openfisca_metropole/situation_examples/couple_deux_enfants_lyon.json").read_text(encoding="utf-8")
    for ancien, nouveau in (("karim", "parent1"), ("sarah", "parent2"), ("ines", "enfant1"), ("yanis", "enfant2")):
        exemple = exemple.replace(f'"{ancien}"', f'"{nouveau}"')
    (tmp_path / "SITUATION.json").write_text(exemple, encoding="utf-8")
    table = _population_de_reference()
    table.to_parquet(tmp_path / "population.parquet", index=False)
    table.to_csv(tmp_path / "population.csv", index=False)
    return tmp_path


# ---------------------------------------------------------------- commands


def _reduit(mots: list[str]) -> list[str]:
    """A metropole command on METROPOLE_DOCS_PERSONNES persons (see the module docstring)."""
    mots = list(mots)
    if "--partitions" in mots:
        i = mots.index("--partitions") + 1
        mots[i] = str(min(int(mots[i]), PARTITIONS))
    for i, mot in enumerate(mots):
        if mot in ("--personnes", "--persons") and i + 1 < len(mots):
            if int(mots[i + 1].replace("_", "")) > PERSONNES:
                mots[i + 1] = str(PERSONNES)
            return mots
    if mots[:2] == ["population", "genere"]:
        return [*mots, "--personnes", str(PERSONNES)]
    for debut, premier in COMMANDES_POPULATION.items():
        if tuple(mots[: len(debut)]) == debut:
            if not _a_un_fichier(mots[premier:]):
                return [*mots, "--personnes", str(PERSONNES)]
    return mots


def _a_un_fichier(arguments: list[str]) -> bool:
    """Whether a simule/compare/graphique command names a POPULATION (a positional argument)."""
    drapeaux = {"--json", "--strict", "--skip-invalid"}
    i = 0
    while i < len(arguments):
        mot = arguments[i]
        if mot.startswith("-"):
            i += 1 if (mot in drapeaux or "=" in mot) else 2
            continue
        return True
    return False


@dataclass
class Contexte:
    """What the commands of one page share: the folder, the lines run, a Dask cluster, the app."""

    dossier: Path
    deja: set = field(default_factory=set)
    cluster: object = None
    client_api: object = None


@pytest.fixture(scope="module", autouse=True)
def _systemes_partages():
    """The web API's systems built once for the module (``metropole serve`` builds one per call)."""
    from openfisca_metropole import api

    original = api.systeme

    @functools.lru_cache(maxsize=None)
    def memorise(reformes: tuple, parametres: tuple):
        return original(list(reformes), dict(parametres) or None)

    api.systeme = lambda reformes=(), parametres=None: memorise(tuple(reformes), tuple(sorted((parametres or {}).items())))
    yield
    api.systeme = original


@functools.lru_cache(maxsize=None)
def _application(reformes: tuple = ()):
    from openfisca_metropole.api import creer_application, systeme

    return creer_application(list(reformes), tbs=systeme(list(reformes))).test_client()


class _ServeurFactice:
    """Stands for gunicorn in ``metropole serve``: builds the application, does not listen."""

    lances: list = []

    def __init__(self, options, fabrique):
        self.options, self.fabrique = options, fabrique

    def run(self):
        application = self.fabrique()
        assert callable(application)
        _ServeurFactice.lances.append(self.options)


def _metropole(mots: list[str], contexte: Contexte, monkeypatch):
    from click.testing import CliRunner

    from openfisca_metropole import api
    from openfisca_metropole.cli import main

    monkeypatch.setattr(api, "serveur_gunicorn", _ServeurFactice)
    if "--engine" in mots and mots[mots.index("--engine") + 1] == "dask":
        mots = _vers_le_cluster(mots, contexte)
    resultat = CliRunner().invoke(main, mots, catch_exceptions=True)
    return resultat.exit_code, resultat.output + (f"\n{resultat.exception!r}" if resultat.exception and not isinstance(resultat.exception, SystemExit) else "")


def _vers_le_cluster(mots: list[str], contexte: Contexte) -> list[str]:
    if contexte.cluster is None:
        from dask.distributed import LocalCluster

        contexte.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    adresse = contexte.cluster.scheduler_address
    resultat: list[str] = []
    i = 0
    while i < len(mots):
        if mots[i] in ("--scheduler", "--workers"):
            i += 2
            continue
        resultat.append(mots[i])
        i += 1
    return [*resultat, "--scheduler", adresse]


def _curl(mots: list[str]):
    """A curl command sent to the application (law) through Flask's test client."""
    methode, entetes, donnees, url = None, {}, None, None
    i = 1
    while i < len(mots):
        mot = mots[i]
        if mot in ("-X", "--request"):
            methode = mots[i + 1]
            i += 2
        elif mot in ("-H", "--header"):
            cle, _, valeur = mots[i + 1].partition(":")
            entetes[cle.strip()] = valeur.strip()
            i += 2
        elif mot in ("-d", "--data", "--data-binary"):
            valeur = mots[i + 1]
            donnees = Path(valeur[1:]).read_bytes() if valeur.startswith("@") else valeur.encode()
            i += 2
        elif mot in ("-o", "--output"):
            i += 2
        elif mot.startswith("-"):
            i += 1
        else:
            url = mot
            i += 1
    chemin = re.sub(r"^https?://[^/]+", "", url or "") or "/"
    methode = methode or ("POST" if donnees is not None else "GET")
    if donnees is not None and "Content-Type" not in entetes:
        entetes["Content-Type"] = "application/x-www-form-urlencoded"
    reponse = _application().open(chemin, method=methode, data=donnees, headers=entetes)
    return (0 if reponse.status_code < 400 else 22), f"{reponse.status_code} {reponse.get_data(as_text=True)[:300]}"


def _execute(commande: str, contexte: Contexte, monkeypatch):
    mots = shlex.split(commande)
    if "&&" in mots:
        mots = mots[: mots.index("&&")]
    if mots[0] == "metropole":
        return _metropole(_reduit(mots[1:]), contexte, monkeypatch)
    if mots[0] == "curl":
        return _curl(mots)
    fini = subprocess.run(mots, cwd=contexte.dossier, capture_output=True, text=True, timeout=600)
    return fini.returncode, fini.stdout[-2000:] + fini.stderr[-2000:]


@pytest.mark.parametrize("page", _pages_avec(_est_commande), ids=_page_id)
def test_commandes(page, tmp_path, monkeypatch):
    contexte = Contexte(_dossier(tmp_path))
    monkeypatch.chdir(contexte.dossier)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    try:
        for bloc in filter(_est_commande, blocs(page)):
            attendu = int(bloc.valeur) if bloc.marqueur == "code de sortie" else 0
            for commande in _commandes(bloc):
                cle = commande
                if cle in contexte.deja:
                    continue
                contexte.deja.add(cle)
                code, sortie = _execute(commande, contexte, monkeypatch)
                assert code == attendu, f"{bloc}: « {commande} » a rendu {code} (attendu {attendu})\n{sortie}"
    finally:
        if contexte.cluster is not None:
            contexte.cluster.close()


# ---------------------------------------------------------------- python


@pytest.mark.parametrize("page", _pages_avec(_est_python), ids=_page_id)
def test_python(page, tmp_path, monkeypatch):
    monkeypatch.chdir(_dossier(tmp_path))
    import matplotlib

    matplotlib.use("Agg")
    espace: dict = {"__name__": f"docs.{page.stem}"}
    for bloc in filter(_est_python, blocs(page)):
        code = compile(textwrap.dedent(bloc.texte), f"{page}:{bloc.ligne}", "exec")
        try:
            exec(code, espace)
        except Exception as erreur:  # the block and its line in the page
            pytest.fail(f"{bloc}: {type(erreur).__name__}: {erreur}")


# ---------------------------------------------------------------- web API requests and answers


def _paires_elidees(paires):
    """object_pairs_hook: ``…`` members are kept as the key ELISION; month series filled in."""
    cles = [c for c, _ in paires]
    if ELISION in cles:
        resultat: list = []
        for k, (cle, valeur) in enumerate(paires):
            if cle == ELISION and 0 < k < len(paires) - 1:
                (avant, v_avant), (apres, v_apres) = paires[k - 1], paires[k + 1]
                if MOIS.match(avant) and MOIS.match(apres) and v_avant == v_apres:
                    annee, mois = int(avant[:4]), int(avant[5:])
                    while True:
                        mois += 1
                        if mois == 13:
                            annee, mois = annee + 1, 1
                        courant = f"{annee:04d}-{mois:02d}"
                        if courant >= apres:
                            break
                        resultat.append((courant, v_avant))
                    continue
            resultat.append((cle, valeur))
        paires = resultat
    return dict(paires)


def lit_json(texte: str):
    """A JSON block where ``…`` stands for members left out."""
    texte = re.sub(r"\{\s*…\s*\}", '{"…": "…"}', texte)
    texte = re.sub(r"(?<=[,{\[\n])(\s*)…(?=\s*[,}\]\n])", r'\1"…": "…"', texte)
    return json.loads(texte, object_pairs_hook=_paires_elidees)


def contient_elision(valeur) -> bool:
    if isinstance(valeur, dict):
        return ELISION in valeur or any(contient_elision(v) for v in valeur.values())
    if isinstance(valeur, list):
        return any(contient_elision(v) for v in valeur)
    return False


def ecarts(montre, reel, chemin: str = "") -> list[str]:
    """Where what a block shows is not in the real value (``…`` members are not checked)."""
    if isinstance(montre, dict):
        if not isinstance(reel, dict):
            return [f"{chemin or '.'}: un objet est montré, la réponse donne {reel!r}"]
        erreurs = []
        for cle, valeur in montre.items():
            if cle == ELISION:
                continue
            if cle not in reel:
                erreurs.append(f"{chemin}.{cle}: absent")
            else:
                erreurs += ecarts(valeur, reel[cle], f"{chemin}.{cle}")
        return erreurs
    if isinstance(montre, list):
        if not isinstance(reel, list) or len(reel) != len(montre):
            return [f"{chemin}: {montre!r} montré, {reel!r} réel"]
        return [e for k, (m, r) in enumerate(zip(montre, reel)) for e in ecarts(m, r, f"{chemin}[{k}]")]
    if isinstance(montre, bool) or isinstance(reel, bool) or not isinstance(montre, (int, float)):
        return [] if montre == reel and type(montre) is type(reel) else [f"{chemin}: {montre!r} montré, {reel!r} réel"]
    if isinstance(reel, (int, float)) and math.isclose(montre, reel, rel_tol=1e-6, abs_tol=1e-6):
        return []
    return [f"{chemin}: {montre!r} montré, {reel!r} réel"]


def _reformes(bloc: Bloc) -> tuple:
    return tuple(n for n in re.split(r"[,\s]+", bloc.options.get("réformes", "")) if n)


@pytest.mark.parametrize("page", _pages_avec(_est_api), ids=_page_id)
def test_requetes_api(page, tmp_path, monkeypatch):
    monkeypatch.chdir(_dossier(tmp_path))
    requete = None  # (method, path, body) of the page's last request block
    for bloc in filter(_est_api, blocs(page)):
        if bloc.marqueur == "requête":
            methode, chemin = bloc.valeur.split()
            montre = lit_json(bloc.texte)
            source = bloc.options.get("source")
            if source:
                complet = json.loads((RACINE / source).read_text(encoding="utf-8"))
                assert not (e := ecarts(montre, complet)), f"{bloc}: la requête montrée n'est pas dans {source}:\n" + "\n".join(e)
            else:
                assert not contient_elision(montre), f"{bloc}: requête abrégée (…) sans « | source CHEMIN »"
                complet = montre
            requete = (methode, chemin, complet)
            continue
        if bloc.marqueur == "échange":
            premiere, _, reste = bloc.texte.partition("\n")
            echange = ECHANGE.match(premiere.strip())
            assert echange, f"{bloc}: la première ligne d'un échange est « MÉTHODE CHEMIN → STATUT »"
            methode, chemin, statut = echange.group(1), echange.group(2), int(echange.group(3))
            corps, montre = None, lit_json(reste)
        else:
            assert requete is not None, f"{bloc}: réponse sans requête avant elle sur la page"
            methode, chemin, corps = requete
            statut, montre = int(bloc.valeur), lit_json(bloc.texte)
        client = _application(_reformes(bloc))
        reponse = client.open(chemin, method=methode, json=corps)
        assert reponse.status_code == statut, f"{bloc}: statut {reponse.status_code}, attendu {statut}: {reponse.get_data(as_text=True)[:500]}"
        reel = reponse.get_json()
        if "dans" in bloc.options:
            reel = reel[bloc.options["dans"]]
        assert not (e := ecarts(montre, reel)), f"{bloc}: la réponse montrée diffère de celle de l'application:\n" + "\n".join(e)


# ---------------------------------------------------------------- extracts of files


def _contenu(montre, reel, chemin="") -> list[str]:
    """ecarts() for YAML values: dates and numbers as read by the YAML parser."""
    if isinstance(montre, dict) and isinstance(reel, dict):
        return [e for cle, valeur in montre.items() for e in (_contenu(valeur, reel[cle], f"{chemin}.{cle}") if cle in reel else [f"{chemin}.{cle}: absent"])]
    return [] if montre == reel else [f"{chemin}: {montre!r} montré, {reel!r} dans le fichier"]


@pytest.mark.parametrize("page", _pages_avec(_est_extrait), ids=_page_id)
def test_extraits(page):
    for bloc in filter(_est_extrait, blocs(page)):
        fichier = RACINE / bloc.valeur
        assert fichier.is_file(), f"{bloc}: {bloc.valeur} n'existe pas"
        texte = fichier.read_text(encoding="utf-8")
        if bloc.langage == "diff":
            lignes = texte.splitlines()
            morceaux = re.split(r"^@@.*$", bloc.texte, flags=re.M)[1:]
            assert morceaux, f"{bloc}: un diff sans morceau (@@)"
            for morceau in morceaux:
                apres = [l[1:] for l in morceau.splitlines() if l[:1] in (" ", "+")]
                trouve = any(lignes[k : k + len(apres)] == apres for k in range(len(lignes) - len(apres) + 1))
                assert apres and trouve, f"{bloc}: le fichier après la modification n'est pas dans {bloc.valeur}:\n" + "\n".join(apres)
        elif bloc.langage == "json":
            assert not (e := ecarts(lit_json(bloc.texte), json.loads(texte))), f"{bloc}:\n" + "\n".join(e)
        else:
            assert not (e := _contenu(yaml.safe_load(bloc.texte), yaml.safe_load(texte))), f"{bloc}: pas dans {bloc.valeur}:\n" + "\n".join(e)


# ---------------------------------------------------------------- OpenFisca YAML tests


def _tests_yaml() -> list[Bloc]:
    return [b for page in PAGES for b in blocs(page) if _est_test_yaml(b)]


@pytest.mark.skipif(not _tests_yaml(), reason="aucun test YAML dans docs/")
def test_tests_yaml(tmp_path):
    fichiers = []
    for bloc in _tests_yaml():
        contenu = yaml.safe_load(bloc.texte)
        tests = contenu if isinstance(contenu, list) else [contenu]
        assert tests and all(isinstance(t, dict) and "period" in t and "output" in t for t in tests), f"{bloc}: pas un test OpenFisca (period, output)"
        fichier = tmp_path / f"{bloc.page.stem}_ligne_{bloc.ligne}.yaml"
        fichier.write_text(bloc.texte, encoding="utf-8")
        fichiers.append(fichier)
    openfisca = Path(sys.executable).parent / "openfisca"
    fini = subprocess.run(
        [str(openfisca), "test", *map(str, fichiers), "--country-package", "openfisca_metropole"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert fini.returncode == 0, fini.stdout[-4000:] + fini.stderr[-2000:]
    passes = re.search(r"(\d+) passed", fini.stdout)
    attendus = sum(len(c) if isinstance(c := yaml.safe_load(f.read_text()), list) else 1 for f in fichiers)
    assert passes and int(passes.group(1)) == attendus, fini.stdout[-2000:]


# ---------------------------------------------------------------- error answers (<!-- erreurs -->)


def _lea(**autres) -> dict:
    """A person alone (lea) with her famille, foyer and menage; ``autres`` added to the situation."""
    return {
        "individus": {"lea": {"date_naissance": {"ETERNITY": "1992-04-10"}}},
        "familles": {"famille": {"parents": ["lea"], "rsa": {"2025-06": None}}},
        "foyers_fiscaux": {"foyer": {"declarants": ["lea"]}},
        "menages": {"menage": {"personne_de_reference": ["lea"], "loyer": {"2025-06": 480}}},
        **autres,
    }


def _axe(nom="salaire_net", count=2, **autres) -> dict:
    return {"name": nom, "min": 0, "max": 12000, "count": count, "period": "2025", **autres}


def _avec(situation: dict, chemin: str, valeur) -> dict:
    """``situation`` with ``valeur`` at the dotted ``chemin``."""
    *parents, dernier = chemin.split(".")
    noeud = situation
    for cle in parents:
        noeud = noeud.setdefault(cle, {})
    noeud[dernier] = valeur
    return situation


def _personnes(n: int) -> dict:
    ids = [f"p{i}" for i in range(n)]
    return {"individus": {i: {} for i in ids}, "familles": {f"f{i}": {"parents": [i]} for i in ids}}


def _valeurs_demandees(n: int) -> dict:
    """lea's famille asking for ``n`` values: rsa, ppa, af, cf and asf, month after month from 2000."""
    situation = _lea()
    famille = situation["familles"]["famille"]
    famille.pop("rsa")
    for k in range(n):
        mois = k // 5
        famille.setdefault(("rsa", "ppa", "af", "cf", "asf")[k % 5], {})[f"{2000 + mois // 12}-{mois % 12 + 1:02d}"] = None
    return situation


# The request each documented error answers: its text -> (status, method, path, body, content type,
# server). Body: a dict (sent as JSON) or bytes; server: "" (the law, default limits), "lent" (a time
# limit of 0.05 s) or "casse" (a system whose age formula raises KeyError).
ERREURS = {
    "axes: at most two lists of axes (a grid), not 3": (400, "POST", "/calculate", _lea(axes=[[_axe()], [_axe()], [_axe()]]), "application/json", ""),
    "axes.1: only the first list may hold parallel axes; the others hold one axis each": (
        400, "POST", "/calculate", _lea(axes=[[_axe()], [_axe(), _axe(nom="loyer", period="2025-06")]]), "application/json", ""),
    "axes.0.0.count: with several lists of axes, each axis has at least 2 points": (
        400, "POST", "/calculate", _lea(axes=[[_axe(count=1)], [_axe(nom="loyer", period="2025-06")]]), "application/json", ""),
    "axes.0.1.name: parallel axes vary variables of one entity: 'loyer' belongs to the menages, 'salaire_net' to the individus": (
        400, "POST", "/calculate", _lea(axes=[[_axe(), _axe(nom="loyer", period="2025-06")]]), "application/json", ""),
    "individus.lea.salaire_nett: unknown variable 'salaire_nett' (did you mean salaire_net, retraite_nette?)": (
        400, "POST", "/calculate", _avec(_lea(), "individus.lea.salaire_nett", {"2025-06": 1000}), "application/json", ""),
    "familles.famille.rsa.2025: 'rsa' is computed by month: ask for one month (2025-06), not '2025'": (
        400, "POST", "/calculate", _avec(_lea(), "familles.famille.rsa", {"2025": None}), "application/json", ""),
    "individus.lea.activite.2025-06: 'activite' expects one of actif, chomeur, etudiant, retraite, inactif; got 'salarie'": (
        400, "POST", "/calculate", _avec(_lea(), "individus.lea.activite", {"2025-06": "salarie"}), "application/json", ""),
    "individus.lea.salaire_net.2025-06: 'salaire_net' expects a number, not a string": (
        400, "POST", "/calculate", _avec(_lea(), "individus.lea.salaire_net", {"2025-06": "1000"}), "application/json", ""),
    "menages.m2.personne_de_reference: 'lea' is already in menages.m1": (
        400, "POST", "/calculate", _lea(menages={"m1": {"personne_de_reference": ["lea"]}, "m2": {"personne_de_reference": ["lea"]}}),
        "application/json", ""),
    "invalid JSON at line 1, column 23: Expecting value": (400, "POST", "/calculate", b'{"individus": {"lea": }}', "application/json", ""),
    "axes: axes are accepted by /calculate only": (400, "POST", "/trace", _lea(axes=[[_axe()]]), "application/json", ""),
    "request body over 1000000 bytes, the limit of this server": (
        413, "POST", "/calculate", _avec(_lea(), "individus.lea.nom", "x" * 1_000_000), "application/json", ""),
    "101 persons: this server computes at most 100 per request": (413, "POST", "/calculate", _personnes(101), "application/json", ""),
    "2053 values asked for: this server computes at most 2000 per request": (413, "POST", "/calculate", _valeurs_demandees(2053), "application/json", ""),
    "axes: the axes replicate the situation into 25000 persons: this server computes at most 20000": (
        413, "POST", "/calculate", _lea(axes=[[_axe(count=25000)]]), "application/json", ""),
    "expected Content-Type: application/json, not 'application/x-www-form-urlencoded'": (
        415, "POST", "/calculate", _lea(), "application/x-www-form-urlencoded", ""),
    "expected Content-Type: application/json, not 'text/plain'": (415, "POST", "/calculate", _lea(), "text/plain", ""),
    "the computation took more than 0.05 s, the limit of this server: ask for fewer values": (
        503, "POST", "/calculate", _lea(axes=[[_axe(count=20000)]]), "application/json", "lent"),
    "nothing at /calculer: see /spec for the routes": (404, "POST", "/calculer", _lea(), "application/json", ""),
    "GET is not accepted on /calculate": (405, "GET", "/calculate", None, None, ""),
    "internal error (KeyError); it is logged on the server": (
        500, "POST", "/calculate", _avec(_lea(), "individus.lea.age", {"2025-06": None}), "application/json", "casse"),
}  # fmt: skip


@functools.lru_cache(maxsize=None)
def _serveur_erreurs(genre: str):
    from openfisca_metropole.api import Limites, creer_application, systeme

    tbs = systeme()
    limites = Limites(secondes=0.05) if genre == "lent" else Limites()
    application = creer_application(tbs=tbs, limites=limites)
    if genre == "casse":  # broken once the app is built (openfisca-core computes an example then)
        variable = tbs.variables["age"]

        def casse(personne, period, parameters):
            raise KeyError("documented 500")

        for debut in list(variable.formulas):
            variable.formulas[debut] = casse
    return application.test_client()


def _objets_json(texte: str) -> list:
    """The JSON objects written one after the other in ``texte`` (one may span several lines)."""
    decodeur, objets, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(texte) and texte[i].isspace():
            i += 1
        if i >= len(texte):
            return objets
        objet, i = decodeur.raw_decode(texte, i)
        objets.append(objet)


def _blocs_d_erreurs():
    return [(page, bloc) for page in PAGES for bloc in blocs(page) if bloc.marqueur == "erreurs"]


def test_erreurs_documentees():
    """Every error answer shown in a ``<!-- erreurs -->`` block is the very answer (status and
    body) to the request kept for it in ERREURS."""
    lignes = [(page, bloc, objet) for page, bloc in _blocs_d_erreurs() for objet in _objets_json(bloc.texte)]
    assert len(lignes) >= 20, len(lignes)
    problemes = []
    for page, bloc, attendu in lignes:
        ligne = json.dumps(attendu, ensure_ascii=False)
        if attendu.get("error") not in ERREURS:
            problemes.append(f"{page.name}:{bloc.ligne}: no request kept in ERREURS for {ligne}")
            continue
        statut, methode, chemin, corps, type_contenu, genre = ERREURS[attendu["error"]]
        donnees = json.dumps(corps).encode() if isinstance(corps, dict) else corps
        reponse = _serveur_erreurs(genre).open(chemin, method=methode, data=donnees, content_type=type_contenu)
        if reponse.status_code != statut or reponse.get_json() != attendu:
            problemes.append(f"{page.name}:{bloc.ligne}: {methode} {chemin} answered {reponse.status_code} {reponse.get_data(as_text=True)[:300]}, "
                             f"the page shows {statut} {ligne}")
    assert not problemes, "\n".join(problemes)
