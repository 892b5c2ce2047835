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


def _mois_et_jour(naissance: np.ndarray):
    """The month of birth (months since 1970-01) and the day of the month of each birth date."""
    naissance = naissance.astype("datetime64[D]")
    mois_naissance = naissance.astype("datetime64[M]")
    jour_du_mois = (naissance - mois_naissance.astype("datetime64[D]")).astype(np.int64) + 1
    return mois_naissance.astype(np.int64), jour_du_mois


def _mois_ecoules(mois_naissance, jour_du_mois, jour: date) -> np.ndarray:
    mois = np.datetime64(jour, "M").astype(np.int64)
    return (mois - mois_naissance) - (jour.day < jour_du_mois)


def _age_en_mois_depuis_naissance(individu, period) -> np.ndarray:
    """Completed months between each date of birth and the first day of ``period`` (calendar-exact);
    the months and days of birth are taken apart once per simulation rather than once per month
    computed (the CSS and the family benefits read the age of a dozen months)."""
    naissance = individu("date_naissance", period)
    cache = getattr(individu, "_metropole_naissance", None)
    if cache is None or cache[0] is not naissance:
        cache = (naissance, *_mois_et_jour(naissance))
        individu._metropole_naissance = cache
    return _mois_ecoules(cache[1], cache[2], period.start.date)


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
        return _age_en_mois_depuis_naissance(individu, period)


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
