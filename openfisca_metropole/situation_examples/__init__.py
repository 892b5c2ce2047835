"""Example situations, in the JSON format of the OpenFisca web API (openfisca-france compatible).

They feed the web API's OpenAPI examples and the documentation, and are used by the tests.
"""

import json
from pathlib import Path

FOLDER = Path(__file__).parent


def load(name: str) -> dict:
    """Return the example situation ``name`` (file stem in this folder) as a dict."""
    with open(FOLDER / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


def names() -> list[str]:
    """Names of every bundled example situation (web API format)."""
    return sorted(path.stem for path in FOLDER.glob("*.json") if "individus" in load(path.stem))


def persons() -> list[str]:
    """Names of the bundled one-person examples (the variables of one person, for ``metropole iae``)."""
    return sorted(path.stem for path in FOLDER.glob("*.json") if "individus" not in load(path.stem))


couple_deux_enfants_lyon = load("couple_deux_enfants_lyon")
