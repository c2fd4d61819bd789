from celery import shared_task

from .services import worker_heartbeat_record


@shared_task(name="cms.worker_heartbeat", ignore_result=True)
def worker_heartbeat_record_task(token: str = "") -> None:
    worker_heartbeat_record(token=token)
