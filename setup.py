"""Package layout: parameters/, variables/ and reforms/ live at the repository root.

They are installed as the subpackages openfisca_metropole.parameters, .variables and .reforms
through a package_dir mapping, which works for both a wheel (`pip install .`) and an editable
install (`pip install -e .`). All metadata lives in pyproject.toml; this file only maps folders.
"""

import shutil
from pathlib import Path

from setuptools import find_namespace_packages, find_packages, setup
from setuptools.command.build_py import build_py

ROOT_FOLDERS = ("parameters", "variables", "reforms")

package_dir = {"openfisca_metropole": "openfisca_metropole"}
packages = find_packages(include=["openfisca_metropole", "openfisca_metropole.*"])
for folder in ROOT_FOLDERS:
    prefix = f"openfisca_metropole.{folder}"
    package_dir[prefix] = folder
    packages.append(prefix)
    packages += [
        f"{prefix}.{sub}"
        for sub in find_namespace_packages(where=folder)
        if "__pycache__" not in sub
    ]



class build_py_avec_registre(build_py):
    """Also copy the root-level programs.yaml into the wheel's package folder, beside parameters/,
    where openfisca_metropole.registre looks for it (an editable install reads it at the root)."""

    def run(self):
        super().run()
        cible = Path(self.build_lib) / "openfisca_metropole" / "programs.yaml"
        cible.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).parent / "programs.yaml", cible)


setup(
    package_dir=package_dir,
    packages=packages,
    package_data={"": ["*.yaml", "*.json"]},
    cmdclass={"build_py": build_py_avec_registre},
)
