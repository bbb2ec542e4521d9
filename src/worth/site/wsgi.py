"""WSGI entry point for production servers (``worth serve`` uses it too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "worth.site.settings")
application = get_wsgi_application()
