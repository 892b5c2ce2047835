"""The Dask engine (population/distribue.py): a local cluster of 2 worker processes gives, household
by household, the results of the single-process run; a worker killed mid-run is replaced and the
results are still complete and identical; summaries add up exactly across partitions."""

from __future__ import annotations

import json
import math
import os
import signal
import time

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from openfisca_metropole.cli import main
from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.population import ErreurPopulation, simule
from openfisca_metropole.population.comparaison import compare
from openfisca_metropole.population.resume import SommeExacte, somme
from openfisca_metropole.population.synthetique import ecrit_parties, genere

pytest.importorskip("distributed")

from openfisca_metropole.population.distribue import compare_distribue, lit_dataset, session, simule_distribue  # noqa: E402

PERIODE = "2025-06"


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    """About 6 000 persons of the synthetic Lyon in 7 files of whole households."""
    dossier = tmp_path_factory.mktemp("dask") / "lyon"
    ecrit_parties(dossier, "lyon", PERIODE, personnes=6_000, bloc=400)
    return dossier


@pytest.fixture(scope="module")
def client():
    with session(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def reference(population):
    """The single-process run of the same dataset, take-up drawn."""
    return simule(lit_dataset(population), PERIODE).avec_recours("draw")


def _identiques(distribue, reference) -> None:
    for entite in ("individus", "familles", "menages"):
        pd.testing.assert_frame_equal(getattr(distribue, entite), getattr(reference, entite), check_exact=True)
    assert distribue.resume == reference.resume()


def test_two_workers_give_the_single_process_results_household_by_household(client, population, reference):
    resultats = simule_distribue(population, PERIODE, client, recours="draw", garder=True)
    assert resultats.partitions == 7 and not resultats.melange
    _identiques(resultats, reference)
    # Each worker process built the system once for its several partitions.
    assert len(resultats.chargements) == 2
    assert all(nombre == 1 for nombre in resultats.chargements.values())


def test_households_split_across_files_are_shuffled_back_together(client, population, reference, tmp_path):
    """Files cut in the middle of households, rows out of order: Dask shuffles by menage, and
    the results (in the order of the dataset) are those of the single-process run."""
    table = lit_dataset(population)
    for numero, morceau in enumerate(np.array_split(np.arange(len(table)), 3)):
        table.iloc[morceau].to_parquet(tmp_path / f"part-{numero}.parquet", index=False)
    resultats = simule_distribue(tmp_path, PERIODE, client, recours="draw", garder=True)
    assert resultats.melange and resultats.partitions == 3
    _identiques(resultats, reference)
    autre = simule_distribue(population, PERIODE, client, recours="draw", partitions=4)
    assert autre.melange and autre.partitions == 4
    assert autre.resume == reference.resume()


def test_compare_on_dask_equals_compare_famille_by_famille(client, population):
    distribue = compare_distribue(population, PERIODE, client, ["rsa_jeunes"], {"age": "21"}, mode="draw")
    seul = compare(lit_dataset(population), PERIODE, ["rsa_jeunes"], {"age": "21"}, mode="draw")
    pd.testing.assert_frame_equal(distribue.familles, seul.familles, check_exact=True)
    assert distribue.resume() == seul.resume()
    assert distribue.resume()["couts"][0]["écart €/mois"] > 0  # the reform does something


def test_errors_name_the_dataset_row_and_nothing_is_computed(client, population, tmp_path):
    table = lit_dataset(population)
    table.to_parquet(tmp_path / "a.parquet", index=False)
    doublon = table.iloc[:3].copy()
    doublon["menage_id"] += 10**9
    doublon["famille_id"] += 10**9
    doublon.to_parquet(tmp_path / "b.parquet", index=False)
    with pytest.raises(ErreurMetropole, match="3 row.s. reuse an id of another row"):
        simule_distribue(tmp_path, PERIODE, client)
    (tmp_path / "b.parquet").unlink()
    table.loc[len(table) - 2, "salaire_net"] = -5.0  # a row of the last file
    table.iloc[:100].to_parquet(tmp_path / "a.parquet", index=False)
    table.iloc[100:].to_parquet(tmp_path / "c.parquet", index=False)
    with pytest.raises(ErreurPopulation) as erreur:
        simule_distribue(tmp_path, PERIODE, client)
    assert str(erreur.value.erreurs[0]).startswith(f"row {len(table) - 1}, column salaire_net: negative amount")
    (tmp_path / "vide").mkdir()
    with pytest.raises(ErreurMetropole, match="no .parquet file"):
        simule_distribue(tmp_path / "vide", PERIODE, client)


def test_files_with_other_columns_are_one_line_naming_the_file_and_columns(client, population, tmp_path):
    """Every file's columns are checked (from the Parquet footers), not only the first file's."""
    table = lit_dataset(population)
    table.iloc[:100].to_parquet(tmp_path / "a.parquet", index=False)
    autre = table.iloc[100:].drop(columns=["salaire_net"]).assign(en_trop=1)
    autre.to_parquet(tmp_path / "b.parquet", index=False)
    message = f"{tmp_path / 'b.parquet'}: not the columns of {tmp_path / 'a.parquet'}: missing salaire_net; extra en_trop"
    with pytest.raises(ErreurMetropole) as erreur:
        simule_distribue(tmp_path, PERIODE, client)
    assert str(erreur.value) == message
    with pytest.raises(ErreurMetropole) as erreur:
        lit_dataset(tmp_path)  # the single-process reading of a folder
    assert str(erreur.value) == message
    for moteur in (["--engine", "dask", "--workers", "1"], []):
        resultat = CliRunner().invoke(main, ["simule", str(tmp_path), "-p", PERIODE, *moteur])
        assert resultat.exit_code == 1 and resultat.output.splitlines() == [f"Error: {message}"], resultat.output
    table.iloc[100:].to_parquet(tmp_path / "b.parquet")  # a pandas index stored as a column is no column
    assert len(lit_dataset(tmp_path)) == len(table)


def test_a_worker_killed_mid_run_is_replaced_and_the_results_are_complete(client, population, reference, tmp_path):
    """One worker process is held inside its first partition; once another partition has come back it
    is killed (SIGKILL): Dask runs the partition it held again elsewhere, the nanny starts a new
    process, and nothing is lost. Holding it makes the recovery certain, not a matter of timing."""
    avant = set(client.run(os.getpid).values())
    assert len(avant) == 2
    victime = sorted(avant)[0]
    adresse = next(a for a, pid in client.run(os.getpid).items() if pid == victime)
    marque = str(tmp_path / "partition_tenue")

    def tient_la_premiere_partition():
        from openfisca_metropole.population import distribue

        def tient(*args, **kwargs):  # calcule_partition's first call, in this process only
            with open(marque, "w") as fichier:
                fichier.write(str(os.getpid()))
            time.sleep(600)

        distribue.systeme_nomme = tient

    client.run(tient_la_premiere_partition, workers=[adresse])
    tues = []

    def tue_un_worker(fait, total):
        if not tues:
            fin = time.monotonic() + 60
            while not os.path.exists(marque) and time.monotonic() < fin:
                time.sleep(0.05)
            assert os.path.exists(marque), "the held worker never started a partition"
            os.kill(victime, signal.SIGKILL)
            tues.append(victime)

    resultats = simule_distribue(population, PERIODE, client, recours="draw", garder=True, progression=tue_un_worker)
    assert tues == [victime]
    with open(marque) as fichier:
        assert int(fichier.read()) == victime  # it was inside a partition when killed ...
    assert victime not in resultats.chargements  # ... and sent none back,
    assert resultats.partitions == 7 and resultats.personnes == len(reference.individus)  # yet every one is here
    _identiques(resultats, reference)
    fin = time.monotonic() + 30
    while time.monotonic() < fin:  # the nanny starts a new worker process
        apres = set(client.run(os.getpid).values())
        if len(apres) == 2 and victime not in apres:
            break
        time.sleep(0.2)
    assert victime not in apres and len(apres) == 2


def test_cli_dask_engine_prints_the_single_process_summary(population, tmp_path):
    runner = CliRunner()
    seul = runner.invoke(main, ["simule", str(population), "-p", PERIODE, "--recours", "draw", "--json"])
    dask = runner.invoke(main, ["simule", str(population), "-p", PERIODE, "--recours", "draw", "--json",
                                "--engine", "dask", "--workers", "2", "--partitions", "3", "-o", str(tmp_path / "sortie")])
    assert seul.exit_code == 0 and dask.exit_code == 0, dask.output
    a, b = json.loads(seul.output), json.loads(dask.output)
    assert a["tables"] == b["tables"]
    ecrits = pd.concat([pd.read_parquet(f) for f in sorted((tmp_path / "sortie").glob("part-*.parquet"))])
    assert sorted(ecrits["individu_id"]) == sorted(lit_dataset(population)["individu_id"])
    mauvais = runner.invoke(main, ["simule", "-p", PERIODE, "--engine", "dask"])
    assert mauvais.exit_code == 2 and "--engine dask runs a POPULATION" in mauvais.output
    mauvais = runner.invoke(main, ["simule", str(population), "-p", PERIODE, "--scheduler", "tcp://127.0.0.1:1"])
    assert mauvais.exit_code == 2 and "only apply with --engine dask" in mauvais.output


def test_cli_dask_output_may_be_an_existing_empty_folder(population, tmp_path):
    """With --engine dask, --output is a folder: an existing empty one is accepted, a non-empty one
    (or a file) is one line."""
    vide = tmp_path / "vide"
    vide.mkdir()
    options = ["simule", str(population), "-p", PERIODE, "--json", "--engine", "dask", "--workers", "1"]
    resultat = CliRunner().invoke(main, [*options, "-o", str(vide)])
    assert resultat.exit_code == 0, resultat.output
    ecrits = sorted(vide.glob("part-*.parquet"))
    assert len(ecrits) == 7 and sum(len(pd.read_parquet(f)) for f in ecrits) == len(lit_dataset(population))
    for pris in (vide, ecrits[0]):
        resultat = CliRunner().invoke(main, [*options, "-o", str(pris)])
        assert resultat.exit_code == 1
        assert resultat.output.splitlines() == [f"Error: {pris}: expected a new or empty folder for the per-partition results"]


def test_genere_writes_the_population_one_block_at_a_time(tmp_path):
    resultat = CliRunner().invoke(main, ["population", "genere", "--territoire", "france", "--persons", "3_000", "--output", str(tmp_path / "fr")])
    assert resultat.exit_code == 0, resultat.output
    table = lit_dataset(tmp_path / "fr")
    attendu = genere("france", PERIODE, personnes=3_000)
    table["date_naissance"] = table["date_naissance"].astype(attendu["date_naissance"].dtype)
    pd.testing.assert_frame_equal(table, attendu)
    assert "depcom" not in table.columns and table["conference_territoriale"].nunique() == 13
    ecrit_parties(tmp_path / "blocs", "france", PERIODE, personnes=3_000, bloc=300)
    assert len(list((tmp_path / "blocs").glob("*.parquet"))) == 5
    assert lit_dataset(tmp_path / "blocs")["poids"].sum() == pytest.approx(65_505_213)  # sum of data/regions.csv
    with pytest.raises(ErreurMetropole, match="empty folder"):
        ecrit_parties(tmp_path / "blocs", "france", PERIODE, personnes=100)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-1e300, max_value=1e300), max_size=40), st.integers(1, 6))
def test_exact_sums_are_the_correctly_rounded_sum_however_cut(valeurs, parts):
    tableau = np.array(valeurs, dtype=np.float64)
    attendu = math.fsum(tableau)
    assert somme(tableau) == attendu
    total = SommeExacte()
    for morceau in np.array_split(tableau, parts):
        total = total + SommeExacte.de(morceau)
    assert float(total) == attendu
