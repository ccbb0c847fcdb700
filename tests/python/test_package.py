"""The package's public face: version, configuration, ISA queries, typing stub, GIL."""

import ast
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import simdkern

PUBLIC_HELPERS = {"Kernel", "catalogue", "kernel", "config", "isa", "isas", "show_config"}


def test_version_is_a_version_string() -> None:
    assert re.fullmatch(
        r"\d+\.\d+(\.\d+)?([.-]?(a|b|rc|dev|post)\d*)?(\+[\w.]+)?", simdkern.__version__
    )


def test_show_config_prints_isa_and_sleef_version(capsys: pytest.CaptureFixture[str]) -> None:
    simdkern.show_config()
    printed = capsys.readouterr().out
    facts = simdkern.config()
    assert re.search(rf"^isa\s+{re.escape(simdkern.isa())}$", printed, re.MULTILINE)
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?", facts["SLEEF"])
    assert re.search(rf"^SLEEF\s+{re.escape(facts['SLEEF'])}$", printed, re.MULTILINE)
    assert facts["simdkern"] == simdkern.__version__
    for key, value in facts.items():
        assert key in printed
        assert value in printed


def test_isa_is_one_of_the_available_isas() -> None:
    assert simdkern.isa() in simdkern.isas()
    assert len(set(simdkern.isas())) == len(simdkern.isas())
    assert "baseline" in simdkern.isas() or "neon" in simdkern.isas()


def stub_names() -> set[str]:
    stub = Path(simdkern.__file__).with_name("__init__.pyi")
    names: set[str] = set()
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names if alias.asname)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def test_stub_lists_the_catalogue_and_the_helpers() -> None:
    catalogue_names = {k.name for k in simdkern.catalogue()}
    assert stub_names() == catalogue_names | PUBLIC_HELPERS | {"__version__"}


def test_all_lists_the_catalogue_and_the_helpers() -> None:
    catalogue_names = {k.name for k in simdkern.catalogue()}
    exported: list[str] = vars(simdkern)["__all__"]
    assert set(exported) == catalogue_names | PUBLIC_HELPERS | {"__version__"}
    for name in exported:
        assert hasattr(simdkern, name)


def test_catalogue_entries_are_consistent() -> None:
    kernels = simdkern.catalogue()
    assert len({k.name for k in kernels}) == len(kernels)
    for k in kernels:
        assert k.ufunc is getattr(simdkern, k.name)
        assert k.identity in {"none", "zero", "one"}
        assert k.domain in {"all", "nonneg"}
        assert k.ulp_f32 > 0
        assert k.ulp_f64 > 0
        assert simdkern.kernel(k.name) is k
    with pytest.raises(KeyError, match="no kernel named"):
        simdkern.kernel("no-such-kernel")


def test_every_docstring_states_its_accuracy_bound() -> None:
    for k in simdkern.catalogue():
        doc = k.ufunc.__doc__ or ""
        assert f"{k.ulp_f32:.1f} ULP" in doc, k.name
        assert f"{k.ulp_f64:.1f} ULP" in doc, k.name


@pytest.mark.skipif(
    not sysconfig.get_config_var("Py_GIL_DISABLED"), reason="needs a free-threaded CPython"
)
def test_importing_simdkern_keeps_the_gil_disabled() -> None:
    """Every extension declares Py_mod_gil; one that did not would turn the GIL back on."""
    script = (
        "import importlib, importlib.machinery, pathlib, sys\n"
        "import simdkern\n"
        "root = pathlib.Path(simdkern.__file__).parent\n"
        "for path in sorted(root.rglob('*')):\n"
        "    for suffix in importlib.machinery.EXTENSION_SUFFIXES:\n"
        "        if path.name.endswith(suffix):\n"
        "            parts = path.relative_to(root.parent).with_name(path.name[: -len(suffix)])\n"
        "            importlib.import_module('.'.join(parts.parts))\n"
        "            print(parts, file=sys.stderr)\n"
        "            break\n"
        "print(sys._is_gil_enabled())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_GIL"}
    completed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "_ufuncs" in completed.stderr
    assert completed.stdout.strip() == "False", completed.stderr
