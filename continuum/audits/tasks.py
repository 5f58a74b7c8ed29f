"""The bias audit's background task (django-tasks): run one queued audit."""

from django_tasks import task

from .services import audit_execute


@task()
def audit_run_task(run_id: int) -> str:
    return audit_execute(run_id=run_id)
