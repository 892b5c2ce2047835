"""A shorter path through openfisca-core for the small simulations of the web API.

A request of the web API (one household, or a few computed together) spends most of its time in
openfisca-core's bookkeeping around each variable and period, not in the formulas: about 1 000
distinct (variable, period) pairs for one household's RSA, prime d'activité, CSS and IAE diagnosis,
over half of them inputs nobody gave (20 kinds of income over 12 to 24 months). ``accelere`` turns
a built simulation into one that takes three shortcuts, with the same results:

- a value already computed is returned straight from the holder's memory, without the tracer's
  bookkeeping or the checks a first computation makes (they were made when it was computed); a
  value computed for the first time finds the variable and its holder without looking them up;
- a population checks that a variable belongs to its entity once per simulation, not per call;
- the sum over months (``ADD``) of an input with no formula that the situation never gives is its
  default times the number of months, without computing each month.

Everything else goes through openfisca-core unchanged (formulas, set_input, errors, cycles). Not for
simulations that are traced (``/trace``) or that keep values on disk. ``tests/api/test_simulation_rapide.py``
runs the legal YAML tests through it.
"""

from __future__ import annotations

from functools import lru_cache

from openfisca_core import periods
from openfisca_core.periods import DateUnit, Period
from openfisca_core.populations import ADD
from openfisca_core.errors import SpiralError
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
