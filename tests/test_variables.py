"""The full list of variables is pinned, so that a refactor cannot silently drop or rename one.

When a variable is added or renamed on purpose, update ``variables.txt`` in the same commit.
"""

from pathlib import Path

ATTENDUES = Path(__file__).with_name("variables.txt")


def test_variable_names_are_pinned(tbs):
    attendues = sorted(ATTENDUES.read_text(encoding="utf-8").split())
    definies = sorted(tbs.variables)
    manquantes = sorted(set(attendues) - set(definies))
    nouvelles = sorted(set(definies) - set(attendues))
    assert not manquantes, f"variables dropped: {manquantes}"
    assert not nouvelles, f"variables added without updating tests/variables.txt: {nouvelles}"


def test_every_variable_has_a_french_label(tbs):
    sans_libelle = [nom for nom, variable in tbs.variables.items() if not variable.label]
    assert not sans_libelle


def test_every_formula_has_a_docstring(tbs):
    sans_doc = [
        f"{nom}@{date}"
        for nom, variable in tbs.variables.items()
        for date, formule in variable.formulas.items()
        if not (formule.__doc__ or "").strip()
    ]
    assert not sans_doc, f"formulas without a docstring stating the rule: {sans_doc}"
