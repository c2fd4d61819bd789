from celery import shared_task

from .services import user_deletion_request_notify


@shared_task(name="accounts.user_deletion_request_notify", acks_late=True)
def user_deletion_request_notify_task(user_id: int) -> None:
    user_deletion_request_notify(user_id=user_id)
