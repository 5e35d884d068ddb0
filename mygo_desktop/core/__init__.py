"""The Qt-free core: catalog, text normalisation, recommender, images, settings, training.

This is a Qt-free zone: nothing under ``mygo_desktop.core`` may import PySide6, so the
command line, the Python API and the training pipeline work without a display (a test
checks it).
"""
