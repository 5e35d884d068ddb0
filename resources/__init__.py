"""Shipped data (catalog, model, dataset, icons): the package ``mygo_desktop.resources``.

A package so that ``importlib.resources`` finds it in a checkout, a wheel and a frozen bundle alike.
"""
