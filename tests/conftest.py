"""pytest configuration: the legal YAML tests under tests/yaml run as pytest items.

openfisca-core's own collector (the one ``openfisca test`` uses) is registered as a plugin, so
``pytest`` runs the YAML tests and the Python tests in one session, with the system loaded once.
"""

import pytest


def pytest_configure(config):
    from openfisca_core.tools.test_runner import OpenFiscaPlugin

    from openfisca_metropole.situation import systeme

    # ``openfisca test`` registers its own collector before reading this file: a second one would
    # collect every YAML test twice.
    if any(isinstance(plugin, OpenFiscaPlugin) for plugin in config.pluginmanager.get_plugins()):
        return
    config.pluginmanager.register(OpenFiscaPlugin(systeme(), {}), "openfisca-yaml-tests")


@pytest.fixture(scope="session")
def tbs():
    """The tax-benefit system, loaded once for the session."""
    from openfisca_metropole.situation import systeme

    return systeme()
