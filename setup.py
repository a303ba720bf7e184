"""Build step: compile the interface's gettext catalogues (.po, kept in the repository) into the
.mo files that Flask-Babel reads, so that a wheel carries them. Metadata is in setup.cfg."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGUES = Path(__file__).resolve().parent / "nsc_library" / "translations"


def compile_catalogues() -> None:
    for po in CATALOGUES.glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as source:
            catalogue = read_po(source)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalogue)


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        compile_catalogues()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
