"""The web API run in production: openfisca-core's app, with limits and JSON errors.

``creer_application`` builds openfisca-core's Flask app for this package (with reforms if asked) and
wraps it in a thin layer of ours:

- every error is JSON, ``{"error": "<path>: <message>", "path": "<path>"}``, with a 4xx status for
  anything wrong in the request: the request is checked against the tax-benefit system before it
  reaches openfisca-core (entities, roles, memberships, variables, periods, value types, NaN and
  huge numbers), so that none of the malformed requests that make openfisca-core answer 500 (a
  wrong period unit, ``axes``, deep nesting, a wrong content type) gets that far;
- limits: request body size (413), persons per request (413), values asked for (413), persons once
  replicated along ``axes`` (413), and a time limit per request (503);
- ``axes`` are supported on ``/calculate`` (openfisca-core answers them with a 500, core issue
  #1326): every value asked for comes back as a list, one value per point of the axes;
- each worker computes on one thread of its own, and the /calculate requests waiting with the same
  shape are computed together in one simulation (``Calculateur``), through the shortcuts of
  ``simulation_rapide``.

``metropole serve`` runs it under gunicorn; any WSGI server can run ``creer_application()``.
"""

from __future__ import annotations

import difflib
import gc
import json
import logging
import math
import os
import queue
import re
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, reduce

import numpy as np
from openfisca_core import periods
from openfisca_core.errors import (
    ParameterNotFoundError,
    PeriodMismatchError,
    SituationParsingError,
    VariableNotFoundError,
)
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder

from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.simulation_rapide import accelere, construit

log = logging.getLogger("gunicorn.error")

# Values beyond this are refused: no amount or count of the programs comes near it, and float32
# storage loses the units well before it.
VALEUR_MAX = 1e9
# Years a period may fall in, and the longest period an input may cover (an input over a long
# period is spread month by month).
ANNEES = (1900, 2100)
MOIS_MAX_ENTREE = 120
LONGUEUR_MAX_TEXTE = 200
POIDS_UNITE = {DateUnit.DAY: 1, DateUnit.WEEK: 2, DateUnit.WEEKDAY: 1, DateUnit.MONTH: 3, DateUnit.YEAR: 4, DateUnit.ETERNITY: 5}


@dataclass(frozen=True)
class Limites:
    """What one request may ask of the server."""

    octets: int = 1_000_000  # request body
    personnes: int = 100  # persons in the situation
    valeurs: int = 2_000  # values asked for (nulls)
    personnes_axes: int = 20_000  # persons once the situation is replicated along axes
    secondes: float = 10.0  # computing time of one request (0: none)


class ErreurRequete(Exception):
    """A request the API refuses: HTTP status, one-line message, where in the request."""

    def __init__(self, statut: int, message: str, chemin: list | None = None) -> None:
        self.statut = statut
        self.chemin = ".".join(str(c) for c in chemin or [])
        self.message = " ".join(str(message).split())
        super().__init__(f"{self.chemin}: {self.message}" if self.chemin else self.message)

    def corps(self) -> dict:
        corps = {"error": str(self)}
        if self.chemin:
            corps["path"] = self.chemin
        return corps


class DureeDepassee(Exception):
    """The computation went past the time limit."""


def pose_echeance(simulation, secondes: float) -> None:
    """Make ``simulation`` raise DureeDepassee when it starts computing a variable after
    ``secondes`` from now (0: no limit). The check rides on the tracer, which openfisca-core calls
    at the start of every computation, so it works in any thread."""
    if not secondes:
        return
    echeance = time.monotonic() + secondes
    traceur = simulation.tracer
    debut = traceur.record_calculation_start

    def record_calculation_start(*args, **kwargs):
        if time.monotonic() > echeance:
            raise DureeDepassee
        return debut(*args, **kwargs)

    traceur.record_calculation_start = record_calculation_start


class Calculateur:
    """Runs the computations of a worker process on one thread of its own, started on first use
    in each process (after gunicorn's fork), and computes the /calculate requests waiting together
    in one vectorised simulation when they have the same shape.

    One thread: openfisca-core's deep recursion then starts at the same shallow stack depth whatever
    the server's own call stack. Under CPython 3.11 the interpreter frees and re-maps a chunk of its
    frame stack each time the recursion crosses a chunk boundary, and the depth at which the same
    request started changed its time from 22 to 41 ms (measured in session 9).

    Together: the time of a simulation goes mostly to openfisca-core's work per variable and period,
    whatever the number of households, so the requests that wait while one is computed are computed
    at once (measured: 8 households in 45 ms, one in 22 ms). Requests are merged only when they give
    the same inputs (the same variables for the same periods on the same entities): openfisca-core
    fills an input one household gives and another does not with the default value, which would
    change the other's result. Each household keeps its own ids behind a prefix ``k:``. A merged
    computation that fails is run again request by request, so that each error goes to its own
    request. ``/trace``, ``axes`` and a server with reforms (a reform may draw by id) compute each
    request alone.

    Waiting: the clients answered together send their next requests together, and the first to
    arrive would otherwise be computed alone while the others are still being read. So when the
    queue is empty but HTTP threads are reading and checking requests (``lit``), the thread waits
    for them, at most ``attente`` seconds (``metropole serve --batch-wait``, 5 ms by default; never
    when no request is being read). Measured under load (2 workers, 8 connections, 15 s runs):
    p99 79.7, 80.2, 78.9 ms with the wait, 93.8, 94.4, 94.7 ms without."""

    def __init__(self, regroupe: bool = True, taille_lot: int = 32, personnes_lot: int = 400, attente: float = 0.005) -> None:
        self.regroupe = regroupe
        self.taille_lot = taille_lot
        self.personnes_lot = personnes_lot
        self.attente = attente
        self._pid = None
        self._file = None
        self._verrou = threading.Lock()
        self._lues = 0  # requests being read and checked by the HTTP threads, not yet queued

    def lit(self) -> None:
        """A request is being read and checked: the computing thread waits for it (``attente``)
        when the requests queued would otherwise be computed without it. ``execute`` (or
        ``abandonne`` when the request fails before) ends it."""
        with self._verrou:
            self._file_du_processus()
            self._lues += 1

    def _file_du_processus(self):
        """The queue of this process's computing thread, started (with the count of requests read
        at 0) the first time in each process: gunicorn forks the workers after loading the app.
        Called under ``_verrou``."""
        if self._pid != os.getpid():
            self._file = queue.SimpleQueue()
            self._lues = 0
            threading.Thread(target=self._boucle, args=(self._file,), name="calcul", daemon=True).start()
            self._pid = os.getpid()
        return self._file

    def abandonne(self) -> None:
        with self._verrou:
            self._lues -= 1

    def execute(self, fonction, tbs, situation: dict, demandes: list[tuple], secondes: float, lue: bool = False) -> tuple:
        """The result of ``fonction(tbs, situation, demandes, secondes)``, computed on the thread,
        and the number of requests computed together with this one (itself included). ``lue``:
        the request was announced by ``lit``."""
        try:
            with self._verrou:
                file = self._file_du_processus()
            futur = Future()
            signature = _signature(situation) if self.regroupe and fonction is calcule and "axes" not in situation else None
            file.put((futur, fonction, tbs, situation, demandes, secondes, signature))
        finally:
            if lue:
                self.abandonne()
        return futur.result()

    def _boucle(self, file) -> None:
        while True:
            taches = [file.get()]
            personnes = len(taches[0][3].get("individus", ()))
            fin = None
            while len(taches) < self.taille_lot and personnes < self.personnes_lot:
                try:
                    tache = file.get_nowait()
                except queue.Empty:
                    # Requests still being read (the clients answered last time send their next
                    # ones together): wait for them, at most ``attente`` after the first.
                    if not self.regroupe or self._lues <= 0:
                        break
                    fin = fin or time.monotonic() + self.attente
                    reste = fin - time.monotonic()
                    if reste <= 0:
                        break
                    try:
                        tache = file.get(timeout=min(reste, 0.0005))
                    except queue.Empty:
                        continue
                taches.append(tache)
                personnes += len(tache[3].get("individus", ()))
            groupes: dict = {}
            for tache in taches:
                cle = tache[6] if tache[6] is not None else id(tache)
                groupes.setdefault(cle, []).append(tache)
            for groupe in groupes.values():
                if len(groupe) > 1:
                    try:
                        resultats = calcule_ensemble(groupe[0][2], [t[3] for t in groupe], [t[4] for t in groupe], groupe[0][5])
                    except DureeDepassee:  # past the limit together: each request is (not run again)
                        for tache in groupe:
                            tache[0].set_exception(DureeDepassee())
                        continue
                    except BaseException:  # noqa: BLE001 - run again one by one, each with its own error
                        pass
                    else:
                        for tache, resultat in zip(groupe, resultats):
                            tache[0].set_result((resultat, len(groupe)))
                        continue
                for futur, fonction, tbs, situation, demandes, secondes, _signature_ in groupe:
                    try:
                        futur.set_result((fonction(tbs, situation, demandes, secondes), 1))
                    except BaseException as erreur:  # noqa: BLE001 - handed to the request's thread
                        futur.set_exception(erreur)


def _signature(situation: dict) -> tuple:
    """The shape of a situation: its entities, and the (entity, variable, period) it gives values
    for. Two situations of the same shape give the same results merged as alone."""
    cles = set()
    for pluriel, instances in situation.items():
        cles.add((pluriel,))
        for instance in instances.values():
            for nom, valeurs in instance.items():
                if isinstance(valeurs, dict):
                    for periode, valeur in valeurs.items():
                        if valeur is not None:
                            cles.add((pluriel, nom, periode))
    return tuple(sorted(cles))


# ----- reading the request -----


def lit_json(corps: bytes) -> dict:
    """The JSON object of a request body; 400 for an empty body, bad UTF-8, bad JSON, NaN or
    Infinity (not JSON), nesting too deep, or anything but an object."""
    if not corps.strip():
        raise ErreurRequete(400, "empty body: expected a JSON situation (individus, familles, ...)")
    try:
        texte = corps.decode("utf-8")
    except UnicodeDecodeError as erreur:
        raise ErreurRequete(400, f"the body is not UTF-8 text (byte {erreur.start})") from erreur

    def constante(nom):
        raise ErreurRequete(400, f"{nom} is not a JSON value: give a finite number")

    try:
        donnees = json.loads(texte, parse_constant=constante)
    except json.JSONDecodeError as erreur:
        raise ErreurRequete(400, f"invalid JSON at line {erreur.lineno}, column {erreur.colno}: {erreur.msg}") from erreur
    except RecursionError as erreur:
        raise ErreurRequete(400, "invalid JSON: nested too deeply") from erreur
    except ValueError as erreur:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise ErreurRequete(400, "invalid JSON: a number with too many digits") from erreur
    if not isinstance(donnees, dict):
        raise ErreurRequete(400, f"expected a JSON object with individus, familles, ..., not {_type_json(donnees)}")
    return donnees


def _type_json(valeur) -> str:
    if valeur is None:
        return "null"
    if isinstance(valeur, bool):
        return "a boolean"
    if isinstance(valeur, (int, float)):
        return "a number"
    if isinstance(valeur, str):
        return "a string"
    if isinstance(valeur, list):
        return "an array"
    return "an object"


def _extrait(valeur) -> str:
    """A value as quoted in a message, cut to 40 characters."""
    texte = str(valeur)
    return texte if len(texte) <= 40 else texte[:37] + "..."


def _suggestion(nom: str, possibles) -> str:
    proches = difflib.get_close_matches(str(nom), list(possibles), n=3)
    return f" (did you mean {', '.join(proches)}?)" if proches else ""


@lru_cache(maxsize=4096)
def _lit_periode(texte: str):
    """openfisca-core's period for ``texte``, parsed once per text (a period is immutable)."""
    return periods.period(texte)


def _periode(texte: str, chemin: list):
    try:
        periode = _lit_periode(texte)
    except Exception as erreur:  # openfisca-core raises ValueError, TypeError or its PeriodError
        raise ErreurRequete(
            400, f"invalid period '{texte}': expected a month (2025-06), a year (2025) or ETERNITY", chemin
        ) from erreur
    if periode.unit != DateUnit.ETERNITY and periode.size < 1:
        raise ErreurRequete(400, f"invalid period '{texte}': a period lasts at least one {periode.unit.value}", chemin)
    if periode.unit != DateUnit.ETERNITY and not ANNEES[0] <= periode.start.year <= ANNEES[1]:
        raise ErreurRequete(400, f"period '{texte}' outside the years {ANNEES[0]}-{ANNEES[1]}", chemin)
    return periode


class Verificateur:
    """Checks a situation against the tax-benefit system; raises ErreurRequete on the first fault."""

    def __init__(self, tbs, limites: Limites) -> None:
        self.tbs = tbs
        self.limites = limites
        self.entites = {entite.plural: entite for entite in tbs.entities}
        self.personnes = next(entite for entite in tbs.entities if entite.is_person)

    def verifie(self, situation: dict, axes_permis: bool = True) -> list[tuple]:
        """The values asked for, as (plural, instance id, variable, period) tuples."""
        inconnues = [cle for cle in situation if cle not in self.entites and cle != "axes"]
        if inconnues:
            cle = inconnues[0]
            raise ErreurRequete(
                400, f"unknown entity '{cle}'{_suggestion(cle, self.entites)}; expected {', '.join(self.entites)}", [cle]
            )
        individus = situation.get(self.personnes.plural)
        if not isinstance(individus, dict) or not individus:
            raise ErreurRequete(400, "a situation needs at least one person, by id", [self.personnes.plural])
        if len(individus) > self.limites.personnes:
            raise ErreurRequete(
                413, f"{len(individus)} persons: this server computes at most {self.limites.personnes} per request"
            )
        demandes: list[tuple] = []
        for pluriel, entite in self.entites.items():
            if pluriel not in situation:
                continue
            instances = situation[pluriel]
            if not isinstance(instances, dict):
                raise ErreurRequete(400, f"expected an object of {pluriel} by id, not {_type_json(instances)}", [pluriel])
            for identifiant, instance in instances.items():
                chemin = [pluriel, identifiant]
                if not identifiant.strip():
                    raise ErreurRequete(400, "an id must not be empty", chemin)
                if not isinstance(instance, dict):
                    raise ErreurRequete(400, f"expected an object, not {_type_json(instance)}", chemin)
                self._verifie_instance(entite, instance, chemin, individus, demandes)
        if len(demandes) > self.limites.valeurs:
            raise ErreurRequete(
                413, f"{len(demandes)} values asked for: this server computes at most {self.limites.valeurs} per request"
            )
        self._verifie_appartenances(situation)
        if "axes" in situation:
            if not axes_permis:
                raise ErreurRequete(400, "axes are accepted by /calculate only", ["axes"])
            self._verifie_axes(situation, demandes)
        return demandes

    def _verifie_instance(self, entite, instance: dict, chemin: list, individus: dict, demandes: list) -> None:
        roles = {} if entite.is_person else {role.plural or role.key: role for role in entite.roles}
        for nom, valeurs in instance.items():
            ici = [*chemin, nom]
            if nom in roles:
                membres = valeurs if isinstance(valeurs, list) else [valeurs]
                for membre in membres:
                    if not isinstance(membre, str):
                        raise ErreurRequete(400, f"expected person ids (strings), not {_type_json(membre)}", ici)
                    if membre not in individus:
                        raise ErreurRequete(400, f"unknown person '{membre}'{_suggestion(membre, individus)}", ici)
                role = roles[nom]
                if role.max is not None and len(membres) > role.max:
                    raise ErreurRequete(400, f"at most {role.max} {nom} in one {entite.key}, not {len(membres)}", ici)
                continue
            variable = self.tbs.variables.get(nom)
            if variable is None:
                attendus = [*roles, *(v for v, var in self.tbs.variables.items() if var.entity.key == entite.key)]
                quoi = "role or variable" if roles else "variable"
                raise ErreurRequete(400, f"unknown {quoi} '{nom}'{_suggestion(nom, attendus)}", ici)
            if variable.entity.key != entite.key:
                raise ErreurRequete(
                    400, f"variable '{nom}' belongs to the {variable.entity.plural}, not to the {entite.plural}", ici
                )
            if not isinstance(valeurs, dict):
                raise ErreurRequete(
                    400, f"expected an object {{period: value}}, e.g. {{\"2025-06\": ...}}, not {_type_json(valeurs)}", ici
                )
            for texte, valeur in valeurs.items():
                periode = _periode(texte, [*ici, texte])
                if valeur is None:
                    self._verifie_periode_demandee(variable, periode, [*ici, texte])
                    demandes.append((entite.plural, chemin[1], nom, texte))
                else:
                    self._verifie_periode_saisie(variable, periode, [*ici, texte])
                    self._verifie_valeur(variable, valeur, [*ici, texte])

    @staticmethod
    def _verifie_periode_demandee(variable, periode, chemin) -> None:
        unite = variable.definition_period
        if unite == DateUnit.ETERNITY:
            return
        if periode.unit != unite or periode.size != 1:
            exemple = {DateUnit.MONTH: "2025-06", DateUnit.YEAR: "2025"}.get(unite, f"one {unite.value}")
            raise ErreurRequete(
                400,
                f"'{variable.name}' is computed by {unite.value}: ask for one {unite.value} ({exemple}), not '{periode}'",
                chemin,
            )

    @staticmethod
    def _verifie_periode_saisie(variable, periode, chemin) -> None:
        unite = variable.definition_period
        if unite == DateUnit.ETERNITY:
            return
        if periode.unit == DateUnit.ETERNITY or POIDS_UNITE[periode.unit] < POIDS_UNITE[unite]:
            raise ErreurRequete(400, f"'{variable.name}' is given by {unite.value}, not for '{periode}'", chemin)
        if periode.size_in_months > MOIS_MAX_ENTREE:
            raise ErreurRequete(400, f"an input may cover at most {MOIS_MAX_ENTREE // 12} years, not '{periode}'", chemin)
        if not (periode.unit == unite and periode.size == 1) and variable.set_input is None:
            raise ErreurRequete(
                400, f"'{variable.name}' is given for one {unite.value} at a time, not for '{periode}'", chemin
            )

    @staticmethod
    def _verifie_valeur(variable, valeur, chemin) -> None:
        type_ = variable.value_type
        if type_ in (float, int):
            if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
                raise ErreurRequete(400, f"'{variable.name}' expects a number, not {_type_json(valeur)}", chemin)
            if (isinstance(valeur, float) and not math.isfinite(valeur)) or abs(valeur) > VALEUR_MAX:
                raise ErreurRequete(
                    400, f"'{variable.name}': {_extrait(valeur)} is out of range (at most {VALEUR_MAX:.0e} in absolute value)", chemin
                )
            if type_ is int and valeur != int(valeur):
                raise ErreurRequete(400, f"'{variable.name}' expects a whole number, not {_extrait(valeur)}", chemin)
        elif type_ is bool:
            if not isinstance(valeur, bool):
                raise ErreurRequete(400, f"'{variable.name}' expects true or false, not {_type_json(valeur)}", chemin)
        elif type_ is str:
            if not isinstance(valeur, str) or len(valeur) > LONGUEUR_MAX_TEXTE:
                raise ErreurRequete(400, f"'{variable.name}' expects a string of at most {LONGUEUR_MAX_TEXTE} characters", chemin)
        elif type_ is Enum:
            possibles = [item.name for item in variable.possible_values]
            if not isinstance(valeur, str) or valeur not in possibles:
                montre = ", ".join(possibles[:12]) + (", ..." if len(possibles) > 12 else "")
                recu = f"'{_extrait(valeur)}'" if isinstance(valeur, str) else _type_json(valeur)
                raise ErreurRequete(400, f"'{variable.name}' expects one of {montre}; got {recu}", chemin)
        elif type_ is date:
            try:
                jour = date.fromisoformat(valeur) if isinstance(valeur, str) and len(valeur) == 10 else None
            except ValueError:
                jour = None
            if jour is None or not ANNEES[0] - 150 <= jour.year <= ANNEES[1]:
                recu = json.dumps(_extrait(valeur)) if isinstance(valeur, str) else _type_json(valeur)
                raise ErreurRequete(400, f"'{variable.name}' expects a date YYYY-MM-DD, not {recu}", chemin)

    def _verifie_appartenances(self, situation: dict) -> None:
        """Each person in exactly one instance of each group entity the situation describes."""
        from openfisca_metropole.situation import ErreurAppartenance, verifie_appartenances

        try:
            verifie_appartenances(situation, self.tbs)
        except ErreurAppartenance as erreur:
            raise ErreurRequete(400, erreur.detail, erreur.chemin) from erreur

    def _verifie_axes(self, situation: dict, demandes: list) -> None:
        axes = situation["axes"]
        if not isinstance(axes, list) or not axes or not all(isinstance(a, list) and a for a in axes):
            raise ErreurRequete(400, "expected a list of lists of axes, e.g. [[{name, min, max, count, period}]]", ["axes"])
        absentes = [e.plural for e in self.entites.values() if not e.is_person and e.plural not in situation]
        if absentes:
            raise ErreurRequete(400, f"with axes, give every group entity: {', '.join(absentes)} missing", ["axes"])
        if len(axes) > 2:
            # openfisca-core orders the points of three lists or more in a way of its own (the last
            # list fastest, then the first, then the second): refused rather than documented.
            raise ErreurRequete(400, f"at most two lists of axes (a grid), not {len(axes)}", ["axes"])
        cellules = 1
        for i, paralleles in enumerate(axes):
            if i > 0 and len(paralleles) > 1:
                raise ErreurRequete(400, "only the first list may hold parallel axes; the others hold one axis each", ["axes", i])
            compte = None
            entite_axe = None
            for j, axe in enumerate(paralleles):
                chemin = ["axes", i, j]
                if not isinstance(axe, dict):
                    raise ErreurRequete(400, f"expected an object, not {_type_json(axe)}", chemin)
                en_trop = set(axe) - {"name", "min", "max", "count", "period", "index"}
                if en_trop:
                    raise ErreurRequete(400, f"unknown key '{sorted(en_trop)[0]}': an axis has name, min, max, count, period, index", chemin)
                nom = axe.get("name")
                if not isinstance(nom, str):
                    raise ErreurRequete(400, f"expected the name of a variable, not {_type_json(nom)}", [*chemin, "name"])
                variable = self.tbs.variables.get(nom)
                if variable is None:
                    raise ErreurRequete(400, f"unknown variable '{_extrait(nom)}'{_suggestion(nom, self.tbs.variables)}", [*chemin, "name"])
                if variable.value_type not in (float, int):
                    raise ErreurRequete(400, f"'{nom}' is not a number: an axis varies a numeric variable", [*chemin, "name"])
                # openfisca-core steps all parallel axes by the first one's entity.
                if entite_axe is not None and variable.entity.key != entite_axe.key:
                    raise ErreurRequete(
                        400,
                        f"parallel axes vary variables of one entity: '{nom}' belongs to the {variable.entity.plural}, "
                        f"'{paralleles[0]['name']}' to the {entite_axe.plural}",
                        [*chemin, "name"],
                    )
                entite_axe = variable.entity
                for borne in ("min", "max"):
                    valeur = axe.get(borne)
                    if isinstance(valeur, bool) or not isinstance(valeur, (int, float)) or abs(valeur) > VALEUR_MAX:
                        raise ErreurRequete(400, f"expected a number of at most {VALEUR_MAX:.0e} in absolute value", [*chemin, borne])
                n = axe.get("count")
                if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                    raise ErreurRequete(400, "expected a whole number of points, at least 1", [*chemin, "count"])
                # With several lists, openfisca-core divides by count - 1: one point gives NaN.
                if len(axes) > 1 and n < 2:
                    raise ErreurRequete(400, "with several lists of axes, each axis has at least 2 points", [*chemin, "count"])
                if compte is not None and n != compte:
                    raise ErreurRequete(400, f"parallel axes have the same count ({compte}), not {n}", [*chemin, "count"])
                compte = n
                if "period" in axe:
                    if isinstance(axe["period"], bool) or not isinstance(axe["period"], (str, int)):
                        raise ErreurRequete(400, f"expected a period (\"2025-06\"), not {_type_json(axe['period'])}", [*chemin, "period"])
                    axe["period"] = str(axe["period"])
                    periode = _periode(axe["period"], [*chemin, "period"])
                    self._verifie_periode_saisie(variable, periode, [*chemin, "period"])
                else:
                    # No default: the month asked for is not the one the rules read (the RSA of June
                    # reads the resources of February to April), and a sweep of it would answer the
                    # same value at every point.
                    raise ErreurRequete(
                        400, "give the axis a period: the month (or year) whose value varies, e.g. a month the rule reads", chemin
                    )
                nombre = len(situation.get(variable.entity.plural) or {}) or 1
                index = axe.get("index", 0)
                if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < nombre:
                    raise ErreurRequete(
                        400, f"index of the {variable.entity.key} whose {nom} varies: 0 to {nombre - 1}", [*chemin, "index"]
                    )
            cellules *= compte
        personnes = cellules * len(situation[self.personnes.plural])
        if personnes > self.limites.personnes_axes:
            raise ErreurRequete(
                413, f"the axes replicate the situation into {personnes} persons: this server computes at most {self.limites.personnes_axes}", ["axes"]
            )


# ----- computing -----


def _valeur_json(variable, valeur):
    """One value of a non-enum variable as JSON (enums: ``_tableau_json``)."""
    if variable.value_type == float:
        return float(str(valeur))  # float32 → the shortest decimal that reads back the same
    if variable.value_type == date:
        return str(valeur)
    if isinstance(valeur, bytes):  # text variables are stored as numpy bytes
        return valeur.decode("utf-8")
    if isinstance(valeur, np.generic):
        return valeur.item()
    return valeur


def _tableau_json(variable, valeurs):
    if variable.value_type == Enum:
        return [item.name for item in valeurs.decode()]
    return [_valeur_json(variable, v) for v in valeurs]


def calcule(tbs, situation: dict, demandes: list[tuple], secondes: float = 0) -> dict:
    """The situation with each value asked for filled in. With ``axes``, each is a list: one value
    per point. One list of axes: the points in order. Two lists (a grid): the first list's axes vary
    fastest, point ``i + count₁ × j`` for the i-th point of the first list and the j-th of the
    second."""
    axes = situation.get("axes")
    simulation = (None if axes else construit(tbs, [situation])) or accelere(SimulationBuilder().build_from_entities(tbs, situation))
    pose_echeance(simulation, secondes)
    if axes:
        points = reduce(lambda n, paralleles: n * paralleles[0]["count"], axes, 1)
    for pluriel, identifiant, nom, texte in demandes:
        variable = tbs.variables[nom]
        valeurs = simulation.calculate(nom, texte)
        population = simulation.get_population(pluriel)
        if axes:
            prototypes = list(situation[pluriel])
            n = len(prototypes)
            k = prototypes.index(identifiant)
            resultat = _tableau_json(variable, valeurs[[p * n + k for p in range(points)]])
        else:
            i = population.get_index(identifiant)
            resultat = _tableau_json(variable, valeurs[i : i + 1])[0]
        situation[pluriel][identifiant][nom][texte] = resultat
    return situation


def trace(tbs, situation: dict, demandes: list[tuple], secondes: float = 0) -> dict:
    """The values asked for with openfisca-core's trace of every computation they needed (the same
    answer as openfisca-core's /trace)."""
    simulation = SimulationBuilder().build_from_entities(tbs, situation)
    simulation.trace = True
    pose_echeance(simulation, secondes)
    for _pluriel, _identifiant, nom, texte in demandes:
        simulation.calculate(nom, texte)
    return {
        "trace": simulation.tracer.get_serialized_flat_trace(),
        "entitiesDescription": simulation.describe_entities(),
        "requestedCalculations": [f"{nom}<{texte}>" for _p, _i, nom, texte in demandes],
    }


def calcule_ensemble(tbs, situations: list[dict], demandes: list[list[tuple]], secondes: float = 0) -> list[dict]:
    """``calcule`` for several situations of the same shape (see Calculateur) in one simulation:
    the k-th situation's ids become ``k:id``."""
    simulation = construit(tbs, situations, prefixe=True) or accelere(SimulationBuilder().build_from_entities(tbs, _fusion(tbs, situations)))
    pose_echeance(simulation, secondes)
    valeurs: dict[tuple, object] = {}
    positions: dict[str, dict] = {}
    for k, (situation, demandees) in enumerate(zip(situations, demandes)):
        for pluriel, identifiant, nom, texte in demandees:
            if (nom, texte) not in valeurs:
                valeurs[nom, texte] = simulation.calculate(nom, texte)
            if pluriel not in positions:
                positions[pluriel] = {i: n for n, i in enumerate(simulation.get_population(pluriel).ids)}
            i = positions[pluriel][f"{k}:{identifiant}"]
            resultat = _tableau_json(tbs.variables[nom], valeurs[nom, texte][i : i + 1])[0]
            situation[pluriel][identifiant][nom][texte] = resultat
    return situations


def _fusion(tbs, situations: list[dict]) -> dict:
    """One situation of all ``situations``, the k-th's ids written ``k:id`` (for the builder)."""
    roles = {entite.plural: {role.plural or role.key for role in entite.roles} for entite in tbs.entities if not entite.is_person}
    fusion: dict[str, dict] = {}
    for k, situation in enumerate(situations):
        for pluriel, instances in situation.items():
            cible = fusion.setdefault(pluriel, {})
            membres = roles.get(pluriel, ())
            for identifiant, instance in instances.items():
                cible[f"{k}:{identifiant}"] = {
                    cle: ([f"{k}:{p}" for p in valeur] if isinstance(valeur, list) else f"{k}:{valeur}") if cle in membres else valeur
                    for cle, valeur in instance.items()
                }
    return fusion


def _erreur_calcul(erreur: Exception) -> ErreurRequete | None:
    """The request errors openfisca-core may still raise while computing, as ErreurRequete."""
    if isinstance(erreur, SituationParsingError):
        from openfisca_metropole.situation import _chemin

        return ErreurRequete(400, _chemin(erreur))
    if isinstance(erreur, PeriodMismatchError):
        return ErreurRequete(400, str(erreur).splitlines()[0])
    if isinstance(erreur, VariableNotFoundError):
        return ErreurRequete(400, str(erreur).splitlines()[0])
    if isinstance(erreur, ParameterNotFoundError):
        return ErreurRequete(
            400, f"no value of the parameter {erreur.name} on {erreur.instant_str}: the law encoded here does not cover that date"
        )
    if isinstance(erreur, ErreurMetropole):
        return ErreurRequete(400, str(erreur))
    if isinstance(erreur, ValueError) and str(erreur).startswith("Inconsistent input"):
        # set_input_divide_by_period: every month of a period given, and the period too, with another total.
        trouve = re.search(r"variable (\S+) has already been set for all \S+ contained in period (\S+),", str(erreur))
        nom, periode = trouve.groups() if trouve else ("a variable", "a period")
        return ErreurRequete(
            400, f"inconsistent inputs: '{nom}' is given for {periode} and for each of its months, and the months do not add up to it"
        )
    return None


# ----- the application -----


def systeme(reformes: list[str] | tuple = (), parametres: dict[str, str] | None = None):
    """The tax-benefit system served: the law, with ``reformes`` (names of the registry) applied."""
    from openfisca_metropole import CountryTaxBenefitSystem

    tbs = CountryTaxBenefitSystem()
    if reformes:
        from openfisca_metropole.reforms import applique

        tbs = applique(tbs, list(reformes), parametres)
    return tbs


def creer_application(
    reformes: list[str] | tuple = (),
    parametres: dict[str, str] | None = None,
    limites: Limites | None = None,
    tbs=None,
    attente: float = 0.005,
):
    """openfisca-core's web API app for this package (and ``reformes``), wrapped in our limits and
    JSON errors. A WSGI application. ``attente``: seconds the computing thread waits at most for
    requests still being read (see Calculateur)."""
    from flask import jsonify, request
    from openfisca_web_api.app import create_app
    from werkzeug.exceptions import HTTPException

    limites = limites or Limites()
    tbs = tbs if tbs is not None else systeme(reformes, parametres)
    noms = ", ".join(reformes) if reformes else "the law"
    app = create_app(
        tbs,
        welcome_message=f"openfisca-metropole web API ({noms}). Specification: /spec; documentation: docs/api.md.",
    )
    app.config["MAX_CONTENT_LENGTH"] = limites.octets
    verificateur = Verificateur(tbs, limites)
    # A reform may draw by id (obligation_15_heures): its requests are computed one by one.
    calculateur = Calculateur(regroupe=getattr(tbs, "baseline", None) is None, attente=attente)
    app.extensions["metropole_calculateur"] = calculateur

    def reponse_erreur(erreur: ErreurRequete):
        reponse = jsonify(erreur.corps())
        reponse.status_code = erreur.statut
        return reponse

    def erreur_http(erreur: HTTPException):
        if erreur.code == 413:
            message = f"request body over {limites.octets} bytes, the limit of this server"
        elif erreur.code == 404 and request.path.startswith(("/variable/", "/parameter/")):
            quoi, _, nom = request.path[1:].partition("/")
            connus = tbs.variables if quoi == "variable" else _noms_parametres(tbs)
            message = f"unknown {quoi} '{nom}'{_suggestion(nom, connus)}: see /{quoi}s"
        elif erreur.code == 404:
            message = f"nothing at {request.path}: see /spec for the routes"
        elif erreur.code == 405:
            message = f"{request.method} is not accepted on {request.path}"
        else:
            message = erreur.description or erreur.name
        reponse = jsonify({"error": message})
        reponse.status_code = erreur.code or 500
        if erreur.code == 405 and erreur.valid_methods:
            reponse.headers["Allow"] = ", ".join(erreur.valid_methods)
        return reponse

    def erreur_interne(erreur: Exception):
        log.exception("internal error on %s %s", request.method, request.path)
        reponse = jsonify({"error": f"internal error ({type(erreur).__name__}); it is logged on the server"})
        reponse.status_code = 500
        return reponse

    app.register_error_handler(HTTPException, erreur_http)
    app.register_error_handler(ErreurRequete, reponse_erreur)
    app.register_error_handler(Exception, erreur_interne)

    def vue(fonction, axes_permis: bool):
        def traite():
            type_contenu = request.mimetype or ""
            if type_contenu != "application/json" and not type_contenu.endswith("+json"):
                raise ErreurRequete(415, f"expected Content-Type: application/json, not '{request.content_type or ''}'")
            corps = request.get_data(cache=False)  # a slow upload is not waited for
            calculateur.lit()
            try:
                situation = lit_json(corps)
                demandes = verificateur.verifie(situation, axes_permis=axes_permis)
            except BaseException:
                calculateur.abandonne()
                raise
            debut = time.perf_counter()
            try:
                resultat, ensemble = calculateur.execute(fonction, tbs, situation, demandes, limites.secondes, lue=True)
            except DureeDepassee:
                raise ErreurRequete(
                    503, f"the computation took more than {limites.secondes:g} s, the limit of this server: ask for fewer values"
                ) from None
            except Exception as erreur:
                requete = _erreur_calcul(erreur)
                if requete is None:
                    raise
                raise requete from erreur
            log.debug("%s computed in %.1f ms", request.path, (time.perf_counter() - debut) * 1000)
            reponse = jsonify(resultat)
            # How many requests were computed in the same simulation as this one (itself included).
            reponse.headers["Metropole-Computed-Together"] = str(ensemble)
            reponse.headers["Access-Control-Expose-Headers"] = "Metropole-Computed-Together"
            return reponse

        traite.__name__ = fonction.__name__
        return traite

    app.view_functions["calculate"] = vue(calcule, axes_permis=True)
    app.view_functions["trace"] = vue(trace, axes_permis=False)
    interne = app.wsgi_app

    def sans_barre_finale(environ, start_response):
        # openfisca-core redirects /calculate/ to /calculate (302), which turns a POST into a GET:
        # the trailing slash is dropped here instead.
        chemin = environ.get("PATH_INFO", "")
        if len(chemin) > 1 and chemin.endswith("/"):
            environ["PATH_INFO"] = chemin.rstrip("/") or "/"
        return interne(environ, start_response)

    app.wsgi_app = sans_barre_finale
    # The objects loaded so far (the system, the specification) live as long as the process: left
    # out of the garbage collector's full passes, which took 43 ms each before and 2 ms after.
    gc.freeze()
    return app


def _noms_parametres(tbs) -> list[str]:
    return [parametre.name for parametre in tbs.parameters.get_descendants()]


# ----- gunicorn -----


def serveur_gunicorn(options: dict, fabrique):
    """A gunicorn application that runs the WSGI app built by ``fabrique()`` with ``options``
    (gunicorn settings: bind, workers, preload_app, timeout...)."""
    from gunicorn.app.base import BaseApplication

    class Serveur(BaseApplication):
        def load_config(self):
            for cle, valeur in options.items():
                self.cfg.set(cle, valeur)

        def load(self):
            return fabrique()

    return Serveur()


def epingle_worker(server, worker) -> None:
    """gunicorn's ``post_fork`` hook of ``metropole serve`` when it has fewer workers than cores:
    the new worker (and the threads it starts) runs on one core of its own, the k-th allowed core
    for the k-th worker spawned. Unpinned, a lone worker's HTTP threads and computing thread hand
    the interpreter lock from core to core: 1 worker, 4 connections, 15 s runs: 69.2 and 78.3
    requests/s unpinned, 112.4 and 129.2 pinned (p99 130.2 and 107.7 ms against 59.2 and 44.6)."""
    coeurs = sorted(os.sched_getaffinity(0))
    coeur = coeurs[(worker.age - 1) % len(coeurs)]
    os.sched_setaffinity(0, {coeur})
    server.log.info("worker %s pinned to core %s", worker.pid, coeur)


def epinglage_utile(workers: int) -> bool:
    """Whether ``metropole serve --pin`` pins its workers: fewer workers than the cores this
    process may use, on a system that can pin (Linux). With as many workers as cores, pinning did
    not help in our runs."""
    return hasattr(os, "sched_setaffinity") and workers < len(os.sched_getaffinity(0))

