from typing import TypedDict

class _Entry(TypedDict):
    name: str
    nin: int
    family: str
    cost: str
    flags: str
    ulp_f32: float
    ulp_f64: float
    identity: str
    domain: str
    numpy_ref: str
    summary: str

class _BuildInfo(TypedDict):
    sleef: str
    compiler: str
    numpy_abi: str

def catalogue() -> list[_Entry]: ...
def isa() -> str: ...
def isas() -> list[str]: ...
def isa_env_problem() -> str | None: ...
def build_info() -> _BuildInfo: ...
