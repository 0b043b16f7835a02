import datetime as dt

import pytest

from fazhi.figures import registry


@pytest.fixture
def temp_figures():
    """register(...) figures for one test; they are removed afterwards."""
    added = []

    def add(figure):
        registry.register(figure)
        added.append(figure.key)
        return figure

    yield add
    for key in added:
        registry.unregister(key)


@pytest.fixture
def year_2026():
    return {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
