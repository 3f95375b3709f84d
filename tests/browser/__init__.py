"""The course in real headless Chromium: helpers in ``helpers.py``, fixtures in ``conftest.py``."""
