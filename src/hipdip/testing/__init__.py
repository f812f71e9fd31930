"""hipdip's testing kit: hypothesis strategies, contract suites and a pytest plugin.

Install with ``pip install "hipdip[testing]"``. Importing :mod:`hipdip`
never imports this package (nor hypothesis or pytest).
"""
