"""Settings package: ``dev`` (default for manage.py), ``test`` and ``production``."""
