"""The metropole command: results, and one-line errors with the documented exit codes."""

import json

import pytest
from click.testing import CliRunner

from openfisca_metropole import __version__
from openfisca_metropole.cli import main
from openfisca_metropole.situation_examples import FOLDER

EXEMPLE = str(FOLDER / "couple_deux_enfants_lyon.json")


@pytest.fixture
def lance():
    runner = CliRunner()

    def _lance(*args, entree=None):
        return runner.invoke(main, list(args), input=entree)

    return _lance


def test_version(lance):
    resultat = lance("--version")
    assert resultat.exit_code == 0
    assert resultat.output.strip() == f"metropole {__version__}"


def test_calcule_prints_a_table(lance):
    resultat = lance("calcule", EXEMPLE, "--period", "2025-06", "--variables", "age", "en_couple")
    assert resultat.exit_code == 0, resultat.output
    lignes = resultat.output.splitlines()
    assert lignes[0] == "Période : 2025-06"
    age = next(l for l in lignes if l.startswith("age "))
    # karim born 1987-03-14 -> 38; sarah 1990-09-02 -> 34; ines 2015-05-20 -> 10; yanis 2019-11-08 -> 5
    assert age.split()[1:] == ["38", "34", "10", "5"]
    assert next(l for l in lignes if l.startswith("en_couple")).split()[1] == "oui"


def test_calcule_json(lance):
    resultat = lance("calcule", EXEMPLE, "-p", "2025", "-v", "salaire_net", "--json")
    assert resultat.exit_code == 0, resultat.output
    donnees = json.loads(resultat.output)
    # 8 400 declared for 2025, summed back over the year
    assert donnees["results"]["individus"]["karim"]["salaire_net"] == 8400


def test_calcule_defaults_to_what_the_situation_asks(lance):
    resultat = lance("calcule", EXEMPLE, "-p", "2025-06", "--json")
    assert resultat.exit_code == 0, resultat.output
    assert set(json.loads(resultat.output)["variables"]) >= {"age", "en_couple", "enfant_a_charge"}


@pytest.mark.parametrize(
    "args, entree, message",
    [
        (["calcule", EXEMPLE, "-p", "2025-13", "-v", "age"], None, "invalid period '2025-13'"),
        (["calcule", EXEMPLE, "-p", "2025-06", "-v", "agee"], None, "unknown variable 'agee' (did you mean age?)"),
        (["calcule", "-", "-p", "2025-06", "-v", "age"], '{"individus": ', "<stdin>: invalid JSON at line 1"),
        (["calcule", "-", "-p", "2025-06", "-v", "age"], "[1, 2]", "a situation is a JSON object"),
    ],
)
def test_errors_are_one_line_with_exit_code_1(lance, args, entree, message):
    resultat = lance(*args, entree=entree)
    assert resultat.exit_code == 1
    assert message in resultat.output
    assert "Traceback" not in resultat.output
    assert len(resultat.output.strip().splitlines()) == 1


def test_usage_errors_exit_2(lance):
    assert lance("calcule", EXEMPLE).exit_code == 2  # --period missing
    assert lance("calcule", "/nonexistent.json", "-p", "2025-06").exit_code == 2
    assert lance("inconnue").exit_code == 2


def test_simule_refuses_a_folder_as_output_without_dask(lance, tmp_path):
    """Without --engine dask the per-person results are one file: a folder is one line, nothing run."""
    resultat = lance("simule", "-p", "2025-06", "--personnes", "50", "-o", str(tmp_path))
    assert resultat.exit_code == 1, resultat.output
    assert resultat.output.splitlines() == [
        f"Error: --output {tmp_path}: a folder; without --engine dask the results are one .parquet or .csv file"
    ]
