import pytest

from workbench.cleaning import make_cleaner


@pytest.fixture(scope="session")
def cleaner():
    return make_cleaner()


@pytest.fixture
def pure_python(monkeypatch):
    """``WORKBENCH_PURE_PYTHON=1`` for one test (the switch is read once per process: read it again on each side)."""
    from workbench.compiled import pure_python as switch

    monkeypatch.setenv("WORKBENCH_PURE_PYTHON", "1")
    switch.cache_clear()
    yield
    monkeypatch.undo()
    switch.cache_clear()


def require_compiled(name: str, what: str):
    """The compiled module ``workbench.<name>`` (``what`` it holds, for the messages). Without it, the test is
    skipped when ``WORKBENCH_PURE_PYTHON=1`` says this installation runs without it on purpose, and fails
    otherwise: a missing extension must not pass unnoticed."""
    from workbench.compiled import compiled, pure_python

    module = compiled(name)
    if module is None:
        if pure_python():
            pytest.skip(f"WORKBENCH_PURE_PYTHON=1: this installation runs without {what}")
        pytest.fail(f"{what} (workbench.{name}) not built: install with a C compiler "
                    "(see README, 'The compiled core'), or set WORKBENCH_PURE_PYTHON=1")
    return module
