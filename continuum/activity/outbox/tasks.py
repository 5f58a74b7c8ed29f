"""The outbox's background task (django-tasks): deliver one message."""

from django_tasks import task

from .services import message_deliver


@task()
def message_deliver_task(message_id: int) -> str:
    return message_deliver(message_id=message_id)
