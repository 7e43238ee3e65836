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
