"""The package's public face: version, configuration, ISA queries, typing stub, GIL."""

import ast
import re
from pathlib import Path

import pytest
import simdkern

THREAD_HELPERS = {"cpu_count", "get_num_threads", "pool_workers", "set_num_threads", "shutdown"}
PUBLIC_HELPERS = (
    {"Kernel", "catalogue", "kernel", "config", "isa", "isas", "show_config"}
    | {
        "threads",
        "tuning",
        "matmul",
        *THREAD_HELPERS,
    }
    | {"gufuncs", *(entry["name"] for entry in simdkern.gufuncs.catalogue())}
)


def test_version_is_a_version_string() -> None:
    assert re.fullmatch(
        r"\d+\.\d+(\.\d+)?([.-]?(a|b|rc|dev|post)\d*)?(\+[\w.]+)?", simdkern.__version__
    )


@pytest.mark.thread_unsafe(reason="capsys captures the whole process's output")
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
        assert k.identity in {"none", "zero", "one", "reorderable"}
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
