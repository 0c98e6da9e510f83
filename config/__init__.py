"""The settings package. The Celery app is loaded with Django, so that ``@shared_task`` tasks
(``events.tasks``) bind to it (Celery's recipe for Django)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
