from django import template

from assessments.models import Quiz
from assessments.selectors import quiz_learner_state

register = template.Library()


@register.inclusion_tag("blocks/quiz_block.html", takes_context=True)
def quiz_activity(context, segment: dict, lesson):
    """A lesson's quiz block with the learner's own state (attempts, grade, start/resume)."""
    request = context["request"]
    quiz = Quiz.objects.filter(pk=segment["quiz_id"]).first()
    quiz = quiz.localized if quiz else None
    state = quiz_learner_state(quiz=quiz, user=request.user) if quiz else {}
    return {
        "request": request,
        "user": request.user,
        "quiz": quiz,
        "title": segment.get("title") or (quiz.title if quiz else ""),
        "lesson": lesson,
        "activity_key": f"quiz:{segment['id']}",
        "csrf_token": context.get("csrf_token"),
        **state,
    }
