"""The root-level folders are found in every install mode, and the web API's source links point
to files that exist in the repository layout (``variables/...``, ``parameters/...``)."""

import re
from importlib import import_module

from openfisca_web_api.loader.parameters import build_api_parameter
from openfisca_web_api.loader.variables import build_variable

from openfisca_metropole import data_folder


def test_data_folders_are_found():
    for nom in ("parameters", "variables", "reforms"):
        dossier = data_folder(nom)
        assert dossier.is_dir()
        assert dossier.name == nom
    assert any(data_folder("variables").rglob("*.py"))
    assert any(data_folder("parameters").rglob("*.yaml"))


def test_reforms_subpackage_is_importable():
    assert import_module("openfisca_metropole.reforms").__path__


def _chemin_relatif(url, metadata):
    prefixe = f"{metadata['repository_url']}/blob/{metadata['version']}/"
    assert url.startswith(prefixe), url
    return re.sub(r"#L\d+-L\d+$", "", url[len(prefixe):])


def test_variable_source_links_point_to_repository_files(tbs):
    metadata = tbs.get_package_metadata()
    assert metadata["repository_url"].startswith("https://")
    racine = data_folder("variables").parent
    for variable in tbs.variables.values():
        source = build_variable(variable, metadata)["source"]
        relatif = _chemin_relatif(source, metadata)
        assert relatif.startswith("variables/"), source
        assert (racine / relatif).is_file(), source


def test_parameter_source_links_point_to_repository_files(tbs):
    metadata = tbs.get_package_metadata()
    racine = data_folder("variables").parent
    for parametre in tbs.parameters.get_descendants():
        if not getattr(parametre, "file_path", None) or parametre.file_path.endswith("index.yaml"):
            continue
        source = build_api_parameter(parametre, metadata)["source"]
        relatif = _chemin_relatif(source, metadata)
        assert relatif.startswith("parameters/"), source
        assert (racine / relatif).exists(), source  # a file, or the folder of a node
