from celery import shared_task

from .services.cohorts import cohort_invitation_send, cohort_member_notify


@shared_task(name="courses.cohort_member_notify", acks_late=True)
def cohort_member_notify_task(cohort_id: int, user_id: int) -> None:
    cohort_member_notify(cohort_id=cohort_id, user_id=user_id)


@shared_task(name="courses.cohort_invitation_send", acks_late=True)
def cohort_invitation_send_task(invitation_id: int, language: str) -> None:
    cohort_invitation_send(invitation_id=invitation_id, language=language)
