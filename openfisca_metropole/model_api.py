"""The names every variable file uses, imported once here (explicitly, no star import).

Variable files are loaded by openfisca-core from their path, so they must use absolute imports:
``from openfisca_metropole.model_api import Variable, MONTH, ...``.
"""

from datetime import date

import numpy as np
from openfisca_core.holders import (
    set_input_dispatch_by_period,
    set_input_divide_by_period,
)
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY, ETERNITY, MONTH, YEAR
from openfisca_core.populations import ADD
from openfisca_core.variables import Variable

from openfisca_metropole.entities import Famille, FoyerFiscal, Individu, Menage

LEGIFRANCE = "https://www.legifrance.gouv.fr"

# Légifrance identifiers of the codes our variables cite.
CODES = {
    "CASF": ("Code de l'action sociale et des familles", "LEGITEXT000006074069"),
    "CSS": ("Code de la sécurité sociale", "LEGITEXT000006073189"),
    "CT": ("Code du travail", "LEGITEXT000006072050"),
    "CE": ("Code de l'éducation", "LEGITEXT000006071191"),
    "CCH": ("Code de la construction et de l'habitation", "LEGITEXT000006074096"),
    "CCP": ("Code de la commande publique", "LEGITEXT000037701019"),
}


def legifrance_article(legiarti: str) -> str:
    """The Légifrance address of a code article, from its LEGIARTI identifier."""
    return f"{LEGIFRANCE}/codes/article_lc/{legiarti}"


def article(code: str, numero: str, legiarti: str | None = None) -> list[str]:
    """A variable ``reference``: the article's name, then its Légifrance address.

    With the article's LEGIARTI identifier the address is the article's own page; without it, the
    code's table of contents (never a guessed identifier).
    """
    titre, legitext = CODES[code]
    adresse = legifrance_article(legiarti) if legiarti else f"{LEGIFRANCE}/codes/texte_lc/{legitext}"
    return [f"{titre}, article {numero}", adresse]


__all__ = [
    "ADD",
    "DAY",
    "ETERNITY",
    "LEGIFRANCE",
    "MONTH",
    "YEAR",
    "Enum",
    "Famille",
    "FoyerFiscal",
    "Individu",
    "Menage",
    "Variable",
    "article",
    "date",
    "legifrance_article",
    "np",
    "set_input_dispatch_by_period",
    "set_input_divide_by_period",
]
