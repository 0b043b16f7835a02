# The figure registry's temporary-figure fixture, for figures declared by a test.
from fazhi.figures.tests.conftest import temp_figures  # noqa: F401
