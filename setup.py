"""Package layout: parameters/, variables/ and reforms/ live at the repository root.

They are installed as the subpackages openfisca_metropole.parameters, .variables and .reforms
through a package_dir mapping, which works for both a wheel (`pip install .`) and an editable
install (`pip install -e .`). All metadata lives in pyproject.toml; this file only maps folders.
"""

from setuptools import find_namespace_packages, find_packages, setup

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

setup(
    package_dir=package_dir,
    packages=packages,
    package_data={"": ["*.yaml", "*.json"]},
)
