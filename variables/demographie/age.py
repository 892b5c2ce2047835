"""Date of birth and age.

Age is the age in completed years (or months) on the first day of the month computed, derived from
``date_naissance``. When the date of birth is not given but ``age`` (or ``age_en_mois``) is known for
another month, the age is carried over from it, as openfisca-france does, so that a situation giving
only ``age`` for one month can be computed over the reference months that surround it.
"""

from openfisca_metropole.model_api import (
    ETERNITY,
    MONTH,
    Individu,
    Variable,
    date,
    np,
    set_input_dispatch_by_period,
)


class date_naissance(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Individu
    definition_period = ETERNITY
    label = "Date de naissance"
    documentation = """Sans date de naissance ni âge connu, la valeur par défaut est le 1er janvier 1970,
    comme dans openfisca-france (un adulte d'âge actif)."""


def _age_en_mois_revolus(naissance: np.ndarray, jour: date) -> np.ndarray:
    """Completed months between each birth date and ``jour`` (vectorised, calendar-exact)."""
    naissance = naissance.astype("datetime64[D]")
    mois_naissance = naissance.astype("datetime64[M]")
    jour_du_mois = (naissance - mois_naissance.astype("datetime64[D]")).astype(int) + 1
    mois_ecoules = (np.datetime64(jour, "M") - mois_naissance).astype(int)
    return mois_ecoules - (jour.day < jour_du_mois)


def _decalage_en_mois(depuis, vers) -> int:
    return (vers.start.year - depuis.start.year) * 12 + vers.start.month - depuis.start.month


def _saisies(individu) -> dict:
    """Months at which date_naissance, age and age_en_mois were given as inputs.

    openfisca-core keeps inputs and computed values in the same store, so the periods known when
    the first age is computed are recorded once per simulation: later computed values must not be
    mistaken for inputs (that would make an age depend on the order of the computations).
    """
    saisies = getattr(individu, "_metropole_saisies_age", None)
    if saisies is None:
        saisies = {
            nom: sorted(
                (p for p in individu.get_holder(nom).get_known_periods()),
                key=lambda p: p.start,
            )
            for nom in ("date_naissance", "age", "age_en_mois")
        }
        individu._metropole_saisies_age = saisies
    return saisies


def _age_reporte(individu, nom: str, period, mois_par_unite: int):
    """The value of ``nom`` carried from its last input month to ``period``, or None.

    The shift is counted in whole units (years for ``age``, months for ``age_en_mois``), truncated
    towards zero, as openfisca-france does.
    """
    connues = [p for p in _saisies(individu)[nom] if p.unit == MONTH]
    if not connues:
        return None
    derniere = connues[-1]
    decalage = _decalage_en_mois(derniere, period)
    return individu.get_holder(nom).get_array(derniere) + int(decalage / mois_par_unite)


class age_en_mois(Variable):
    value_type = int
    default_value = -9999
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Âge en mois révolus au premier jour du mois"
    unit = "month"

    def formula(individu, period):
        """Months completed on the first day of the month, from the date of birth (or a known age)."""
        if not _saisies(individu)["date_naissance"]:
            reporte = _age_reporte(individu, "age_en_mois", period, 1)
            if reporte is not None:
                return reporte
            if _saisies(individu)["age"]:
                return individu("age", period) * 12
        naissance = individu("date_naissance", period)
        return _age_en_mois_revolus(naissance, period.start.date)


class age(Variable):
    value_type = int
    default_value = -9999
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Âge en années révolues au premier jour du mois"
    unit = "year"

    def formula(individu, period):
        """Years completed on the first day of the month.

        From the date of birth; without it, from ``age_en_mois`` when given, or from ``age`` given at
        another month (shifted by whole years, as openfisca-france does).
        """
        if not _saisies(individu)["date_naissance"]:
            reporte = _age_reporte(individu, "age", period, 12)
            if reporte is not None:
                return reporte
            if _saisies(individu)["age_en_mois"]:
                return individu("age_en_mois", period) // 12
        return individu("age_en_mois", period) // 12
