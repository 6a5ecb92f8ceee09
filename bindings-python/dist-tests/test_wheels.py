"""The built Python artifacts in $SIGNHOOK_DIST, checked as files (bindings-python/test-dist.sh).

- `auditwheel show` gives each wheel the tag in its name (manylinux_2_17 or musllinux_1_2, with
  the right architecture) and finds no library that the tag does not allow;
- each wheel holds one abi3 module, for its architecture, without a symbol table;
- the musl modules need only musl's libc, and musl's own loader (Debian's musl 1.2, in
  $SIGNHOOK_MUSL_X86_64 and $SIGNHOOK_MUSL_AARCH64; the arm64 one under qemu-aarch64) resolves
  every symbol they import except the Python C API's, which the interpreter provides;
- the sdist holds the Rust sources of the binding and the core, the lock file and the package.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile

DIST = Path(os.environ["SIGNHOOK_DIST"])
BIN = Path(sys.executable).parent

# tag auditwheel must confirm -> (ELF machine, libc)
WHEELS = {
    "manylinux_2_17_x86_64": ("EM_X86_64", "glibc"),
    "manylinux_2_17_aarch64": ("EM_AARCH64", "glibc"),
    "musllinux_1_2_x86_64": ("EM_X86_64", "musl"),
    "musllinux_1_2_aarch64": ("EM_AARCH64", "musl"),
}
ARCH = {"EM_X86_64": "x86_64", "EM_AARCH64": "aarch64"}


def wheel_for(tag: str) -> Path:
    found = [w for w in DIST.glob("signhook-*.whl") if tag in w.name.split("-")[-1][:-4].split(".")]
    assert len(found) == 1, f"expected one {tag} wheel in {DIST}, found {[w.name for w in found]}"
    return found[0]


def module_of(wheel: Path) -> tuple[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        modules = [n for n in archive.namelist() if n.endswith(".so")]
        assert modules == ["signhook/_signhook.abi3.so"], modules
        return modules[0], archive.read(modules[0])


def needed(elf: ELFFile) -> list[str]:
    section = elf.get_section_by_name(".dynamic")
    assert isinstance(section, DynamicSection)
    return [tag.needed for tag in section.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]


@pytest.mark.parametrize("tag", WHEELS)
def test_auditwheel_confirms_the_tag(tag: str) -> None:
    wheel = wheel_for(tag)
    run = subprocess.run([BIN / "auditwheel", "show", "--json", wheel],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["overall_tag"] == tag, (
        f"auditwheel says {wheel.name} is {report['overall_tag']}: {run.stdout}")
    assert report["external_libs"] == {}, run.stdout
    assert not report["unsupported_isa"], run.stdout
    # The WHEEL file declares the same platforms as the file name.
    platforms = wheel.name[:-4].split("-")[-1].split(".")
    with zipfile.ZipFile(wheel) as archive:
        info = archive.read(wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1]
                            + ".dist-info/WHEEL").decode()
    assert sorted(re.findall(r"^Tag: (.*)$", info, re.M)) == sorted(
        f"cp39-abi3-{p}" for p in platforms)


@pytest.mark.parametrize("tag", WHEELS)
def test_one_stripped_abi3_module_for_the_architecture(tag: str) -> None:
    machine, libc = WHEELS[tag]
    _, data = module_of(wheel_for(tag))
    elf = ELFFile(io.BytesIO(data))
    assert elf["e_machine"] == machine
    assert elf.get_section_by_name(".symtab") is None, "the module carries a symbol table"
    libs = needed(elf)
    if libc == "musl":
        assert libs == [f"libc.musl-{ARCH[machine]}.so.1"], libs
        assert b"GLIBC_" not in data
    else:
        # glibc's own libraries and loader only (auditwheel has checked their symbol versions).
        assert set(libs) <= {"libc.so.6", "libpthread.so.0", "libdl.so.2", "libm.so.6",
                             "librt.so.1", "libgcc_s.so.1", "ld-linux-x86-64.so.2",
                             "ld-linux-aarch64.so.1"}, libs


@pytest.mark.parametrize("tag", [t for t, (_, libc) in WHEELS.items() if libc == "musl"])
def test_musl_loader_resolves_all_but_the_python_api(tag: str, tmp_path: Path) -> None:
    machine, _ = WHEELS[tag]
    arch = ARCH[machine]
    root = os.environ.get(f"SIGNHOOK_MUSL_{arch.upper()}")
    assert root, f"SIGNHOOK_MUSL_{arch.upper()} is not set (test-dist.sh sets it)"
    loader = Path(root) / "lib" / f"ld-musl-{arch}.so.1"
    assert loader.exists(), loader
    _, data = module_of(wheel_for(tag))
    module = tmp_path / "_signhook.abi3.so"
    module.write_bytes(data)
    command = [str(loader), "--list", str(module)]
    if arch != os.uname().machine:
        command = ["qemu-aarch64", *command]
    # ldd mode: prints what each needed name resolved to and every symbol it could not bind.
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    out = run.stdout + run.stderr
    assert re.search(rf"libc\.musl-{arch}\.so\.1 => \S*ld-musl-{arch}\.so\.1", out), out
    missing = re.findall(r"Error relocating [^:]*: (\S+): symbol not found", out)
    assert missing, f"no Python API symbol was reported unresolved: {out}"
    others = [s for s in missing if not re.match(r"_?Py", s)]
    assert others == [], f"symbols musl does not provide: {others}"
    assert "Error" not in re.sub(r"Error relocating [^:]*: \S+: symbol not found", "", out), out


def test_the_sdist_holds_the_sources() -> None:
    sdists = list(DIST.glob("signhook-*.tar.gz"))
    assert len(sdists) == 1, sdists
    sdist = sdists[0]
    top = sdist.name[: -len(".tar.gz")]
    with tarfile.open(sdist) as archive:
        names = {n.removeprefix(top + "/") for n in archive.getnames()}
        pkg_info = archive.extractfile(f"{top}/PKG-INFO").read().decode()  # type: ignore[union-attr]
    for name in ["pyproject.toml", "Cargo.toml", "Cargo.lock", "PKG-INFO", "README.md",
                 "LICENSE-MIT", "LICENSE-APACHE", "bindings-python/Cargo.toml",
                 "bindings-python/src/lib.rs", "core/Cargo.toml", "core/src/lib.rs",
                 "python/signhook/__init__.py", "python/signhook/py.typed",
                 "python/signhook/_signhook.pyi"]:
        assert name in names, f"{sdist.name} has no {name}"
    # The repository's build and test scripts are not part of the package.
    assert not [n for n in names if "dist-tests/" in n or n.endswith(("dist.sh", "test-dist.sh"))]
    assert "Requires-Python: >=3.9" in pkg_info
    assert f"Version: {top.split('-', 1)[1]}" in pkg_info
