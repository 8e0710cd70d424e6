from io import StringIO

from django.core.management import call_command


def run(command, *args, **options):
    """Runs a management command; returns what it printed."""
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()
