import pytest

from workbench.cleaning import make_cleaner


@pytest.fixture(scope="session")
def cleaner():
    return make_cleaner()
