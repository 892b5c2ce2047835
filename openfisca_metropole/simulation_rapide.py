"""A shorter path through openfisca-core for the small simulations of the web API.

A request of the web API (one household, or a few computed together) spends most of its time in
openfisca-core's bookkeeping around each variable and period, not in the formulas: about 1 000
distinct (variable, period) pairs for one household's RSA, prime d'activité, CSS and IAE diagnosis,
over half of them inputs nobody gave (20 kinds of income over 12 to 24 months). ``accelere`` turns
a built simulation into one that takes three shortcuts, with the same results:

- a value already computed is returned straight from the holder's memory, without the tracer's
  bookkeeping or the checks a first computation makes (they were made when it was computed); a
  value computed for the first time finds the variable and its holder without looking them up, and
  is stored in the holder's memory directly when it is an array of the right length and dtype;
- a population checks that a variable belongs to its entity once per simulation, not per call;
- the sum over months (``ADD``) of an input with no formula that the situation never gives is its
  default times the number of months, without computing each month.

Everything else goes through openfisca-core unchanged (formulas, set_input, errors, cycles). Not for
simulations that are traced (``/trace``) or that keep values on disk. ``tests/api/test_simulation_rapide.py``
runs the legal YAML tests through it.

``construit`` builds the simulation of one or several situations (requests computed together) from
their JSON, without openfisca-core's SimulationBuilder, which copies the whole situation and looks
each person and instance up in lists: it took a third of the time of four households computed
together. It fills the same arrays (ids, memberships, roles, inputs through ``set_input``, months
before years) and hands every situation it does not handle exactly like the builder back to it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from openfisca_core import periods
from openfisca_core.periods import DateUnit, Period
from openfisca_core.periods import key_period_size
from openfisca_core.populations import ADD
from openfisca_core.errors import SpiralError
from openfisca_core.holders import set_input_dispatch_by_period, set_input_divide_by_period
from openfisca_core.simulations import Simulation

ETERNITE = periods.period(DateUnit.ETERNITY)


class _PopulationRapide:
    """Mixed into the class of each population of an accelerated simulation."""

    def __call__(self, variable_name, period, options=None):
        simulation = self.simulation
        if simulation is None or period is None:
            return super().__call__(variable_name, period, options)
        if period.__class__ is not Period:
            period = periods.period(period)
        cle = (self.entity.key, variable_name)
        if cle not in simulation._rapide_verifiees:
            self.entity.check_variable_defined_for_entity(variable_name)
            simulation._rapide_verifiees.add(cle)
        if options is None:
            return simulation.calculate(variable_name, period)
        if len(options) == 1 and options[0] == ADD:
            return simulation.calculate_add(variable_name, period)
        return super().__call__(variable_name, period, options)


class SimulationRapide(Simulation):
    """openfisca-core's Simulation with the shortcuts of ``accelere``."""

    def _rapide_infos(self, nom: str):
        """(the dict of arrays by period of the variable's holder, whether it is eternal, whether
        it is an input without formula), or None where no shortcut applies."""
        try:
            return self._rapide_cache[nom]
        except KeyError:
            pass
        infos = None
        variable = self.tax_benefit_system.get_variable(nom)
        if variable is not None and not variable.is_neutralized:
            holder = self.get_variable_population(nom).get_holder(nom)
            stockage = holder._memory_storage
            tableaux = getattr(stockage, "_arrays", None)
            if isinstance(tableaux, dict) and holder._disk_storage is None:
                entree = not variable.formulas and variable.value_type in (float, int)
                infos = (tableaux, stockage.is_eternal, entree, holder, variable)
        self._rapide_cache[nom] = infos
        return infos

    def calculate(self, variable_name, period):
        if period.__class__ is Period and not self.invalidated_caches:
            infos = self._rapide_infos(variable_name)
            if infos is not None:
                valeur = infos[0].get(ETERNITE if infos[1] else period)
                if valeur is not None:
                    return valeur
        return super().calculate(variable_name, period)

    def _calculate(self, variable_name, period):
        """openfisca-core's ``_calculate`` for a value not yet computed, with the variable, its
        holder and its arrays taken from ``_rapide_infos`` instead of being looked up again."""
        infos = self._rapide_infos(variable_name)
        if infos is None or self.start_computation_period is not None:
            return super()._calculate(variable_name, period)
        tableaux, eternel, _entree, holder, variable = infos
        self._check_period_consistency(period, variable)
        valeur = tableaux.get(ETERNITE if eternel else period)
        if valeur is not None:
            return valeur
        try:
            self._check_for_cycle(variable.name, period)
            valeur = self._run_formula(variable, holder.population, period)
            if valeur is None:
                valeur = holder.default_array()
            valeur = self._cast_formula_result(valeur, variable)
            if (
                valeur.__class__ is np.ndarray
                and valeur.ndim == 1
                and valeur.shape[0] == holder.population.count
                and valeur.dtype == variable.dtype
                and not holder._do_not_store
                and not self.opt_out_cache
                and (eternel or (period.unit == variable.definition_period and period.size == 1))
            ):
                # what put_in_cache stores, without its checks: the value has the array's length
                # and dtype, and the period is one of the variable's (checked above)
                tableaux[ETERNITE if eternel else period] = valeur
            else:
                holder.put_in_cache(valeur, period)
        except SpiralError:
            valeur = holder.default_array()
        return valeur

    def calculate_add(self, variable_name, period):
        infos = self._rapide_infos(variable_name)
        if infos is not None and period.__class__ is Period:
            unite = infos[4].definition_period
            if unite in (DateUnit.MONTH, DateUnit.YEAR) and period.unit in (DateUnit.MONTH, DateUnit.YEAR):
                if periods.unit_weight(unite) <= periods.unit_weight(period.unit):
                    sous_periodes = _sous_periodes(period, unite)
                    if infos[2] and not infos[0]:
                        # openfisca-core sums the default of each sub-period: the same, at once.
                        return infos[3].default_array() * len(sous_periodes)
                    return sum(self.calculate(variable_name, sous_periode) for sous_periode in sous_periodes)
        return super().calculate_add(variable_name, period)


@lru_cache(maxsize=4096)
def _sous_periodes(periode, unite) -> tuple:
    """``periode.get_subperiods(unite)``, computed once (pendulum's date arithmetic is slow)."""
    return tuple(periode.get_subperiods(unite))


def accelere(simulation: Simulation) -> Simulation:
    """``simulation`` (just built, untraced) with the shortcuts of this module; returns it."""
    if simulation.trace or simulation.memory_config is not None:
        return simulation
    simulation.__class__ = SimulationRapide
    simulation._rapide_cache = {}
    simulation._rapide_verifiees = set()
    for population in simulation.populations.values():
        classe = population.__class__
        if not issubclass(classe, _PopulationRapide):
            population.__class__ = _classe_rapide(classe)
    return simulation


_CLASSES: dict[type, type] = {}


def _classe_rapide(classe: type) -> type:
    if classe not in _CLASSES:
        _CLASSES[classe] = type(f"{classe.__name__}Rapide", (_PopulationRapide, classe), {})
    return _CLASSES[classe]


class _Repli(Exception):
    """A situation ``construit`` leaves to openfisca-core's SimulationBuilder."""


@lru_cache(maxsize=8192)
def _periode_canonique(texte):
    """The period a situation's key names, or None when the key is not written as openfisca-core
    writes it back (``month:2025-06``): the builder buffers such keys apart from the same period
    written ``2025-06``, and one of the two overwrites the other."""
    if not isinstance(texte, str):
        return None
    try:
        periode = periods.period(texte)
    except ValueError:
        return None
    return periode if str(periode) == texte else None


def construit(tbs, situations: list[dict], prefixe: bool = False) -> Simulation | None:
    """The accelerated simulation of ``situations`` (each a JSON situation already checked, all of
    the same shape when several), or None where openfisca-core's SimulationBuilder must build it
    (axes, a group entity not given, a person in no group of an entity, a value for another entity,
    a period key not in openfisca-core's writing, any error: the builder then answers it).

    With ``prefixe``, the id ``x`` of the k-th situation becomes ``k:x``. Persons come first, then
    the group entities in the system's order; inputs are set as the builder sets them: one array
    per variable and period (the default where an instance gives no value), each variable's
    periods from the smallest, a period after the variable's end left out."""
    try:
        return accelere(_construit(tbs, situations, prefixe))
    except _Repli:
        return None
    except Exception:  # noqa: BLE001 - the builder raises openfisca-core's own error for it
        return None


def _construit(tbs, situations: list[dict], prefixe: bool) -> Simulation:
    personne = tbs.person_entity
    groupes = list(tbs.group_entities)
    connues = {personne.plural, *(groupe.plural for groupe in groupes)}
    for situation in situations:
        if not isinstance(situation, dict) or set(situation) - connues or not situation.get(personne.plural):
            raise _Repli
        if any(not isinstance(situation.get(groupe.plural), dict) for groupe in groupes):
            raise _Repli

    def nomme(k, identifiant):
        return f"{k}:{identifiant}" if prefixe else identifiant

    simulation = Simulation(tbs, tbs.instantiate_entities())
    ids: list[str] = []
    index: dict[tuple, int] = {}
    saisies: list[tuple] = []  # (entity, position, instance): the values, set once counts are known
    for k, situation in enumerate(situations):
        for identifiant, instance in situation[personne.plural].items():
            if not isinstance(instance, dict):
                raise _Repli
            index[k, identifiant] = len(ids)
            saisies.append((personne, len(ids), instance))
            ids.append(nomme(k, identifiant))
    n = len(ids)
    comptes = {personne.key: n}
    structures = {}
    for groupe in groupes:
        par_cle = {role.plural or role.key: role for role in groupe.roles}
        membres = np.full(n, -1, dtype=np.int64)
        roles = np.empty(n, dtype=object)
        gids: list[str] = []
        for k, situation in enumerate(situations):
            for identifiant, instance in situation[groupe.plural].items():
                if not isinstance(instance, dict):
                    raise _Repli
                j = len(gids)
                gids.append(nomme(k, identifiant))
                variables = {}
                for cle, valeur in instance.items():
                    role = par_cle.get(cle)
                    if role is None:
                        variables[cle] = valeur
                        continue
                    personnes = [valeur] if isinstance(valeur, str) else valeur
                    if not isinstance(personnes, list) or (role.max is not None and len(personnes) > role.max):
                        raise _Repli
                    for rang, membre in enumerate(personnes):
                        i = index.get((k, membre)) if isinstance(membre, str) else None
                        if i is None or membres[i] != -1:
                            raise _Repli
                        membres[i] = j
                        roles[i] = role.subroles[rang] if role.subroles else role
                saisies.append((groupe, j, variables))
        if n and membres.min() < 0:
            raise _Repli
        comptes[groupe.key] = len(gids)
        structures[groupe.key] = (gids, membres, roles)

    tampons: dict[str, dict] = {}
    for entite, position, instance in saisies:
        for nom, valeurs in instance.items():
            variable = tbs.variables.get(nom)
            if variable is None or variable.entity.key != entite.key or not isinstance(valeurs, dict):
                raise _Repli
            tampon = None
            for texte, valeur in valeurs.items():
                periode = _periode_canonique(texte)  # checked first: the builder refuses a bad key
                if periode is None:  # even under a value asked for (None)
                    raise _Repli
                if valeur is None:
                    continue
                if tampon is None:
                    tampon = tampons.setdefault(nom, {})
                tableau = tampon.get(periode)
                if tableau is None:
                    tableau = tampon[periode] = variable.default_array(comptes[entite.key])
                tableau[position] = variable.check_set_value(valeur)

    simulation.persons.ids = ids
    simulation.persons.count = n
    for cle, (gids, membres, roles) in structures.items():
        population = simulation.populations[cle]
        population.ids = gids
        population.count = len(gids)
        population.members_entity_id = membres
        population.members_role = roles
    for nom, tampon in tampons.items():
        variable = tbs.variables[nom]
        holder = simulation.populations[variable.entity.key].get_holder(nom)
        for periode in sorted(tampon, key=key_period_size):
            if variable.end is None or periode.start.date <= variable.end:
                _pose(holder, periode, tampon[periode])
    return simulation


def _pose(holder, periode: Period, tableau: np.ndarray) -> None:
    """``holder.set_input(periode, tableau)``. A yearly (or multi-month) input of a monthly
    variable that openfisca-core divides or repeats over the months is set here the same way, with
    the months from ``_sous_periodes`` instead of openfisca-core's date arithmetic for each month
    (four fifths of a household's build time): each month not given gets what the months given
    leave of the total, divided equally (``set_input_divide_by_period``), or the value itself
    (``set_input_dispatch_by_period``, where a month given is carried on to the next ones)."""
    variable = holder.variable
    mode = variable.set_input
    unite = variable.definition_period
    if (
        (mode is not set_input_divide_by_period and mode is not set_input_dispatch_by_period)
        or variable.is_neutralized
        or unite not in (DateUnit.MONTH, DateUnit.YEAR)
        or periode.unit not in (DateUnit.MONTH, DateUnit.YEAR)
        or periods.unit_weight(unite) > periods.unit_weight(periode.unit)
    ):
        holder.set_input(periode, tableau)
        return
    mois = _sous_periodes(periode, unite)
    existants = [holder.get_array(sous_periode) for sous_periode in mois]
    if mode is set_input_dispatch_by_period:
        tableau = holder._to_array(tableau)
        for sous_periode, existant in zip(mois, existants):
            if existant is None:
                holder._set(sous_periode, tableau)
            else:
                tableau = existant
        return
    reste = tableau.copy()
    manquants = 0
    for existant in existants:
        if existant is None:
            manquants += 1
        else:
            reste -= existant
    if manquants == 0:
        holder.set_input(periode, tableau)  # openfisca-core's error when the months do not add up
        return
    divise = reste / manquants
    for sous_periode, existant in zip(mois, existants):
        if existant is None:
            holder._set(sous_periode, divise)
