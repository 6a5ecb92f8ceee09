"""The suite runs against the installed wheel, as a user has it, not the source tree."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import signhook
from signhook import _signhook


def test_signhook_is_imported_from_site_packages() -> None:
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(signhook.__file__).resolve().parent == installed / "signhook"


def test_the_wheel_ships_types_and_one_abi3_module() -> None:
    package = Path(signhook.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_signhook.pyi").is_file()
    assert Path(_signhook.__file__).name.endswith(".abi3.so")
    assert signhook.__version__.count(".") == 2
