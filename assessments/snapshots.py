"""Turn bank questions into the frozen form an attempt keeps (see grading.py for its format)."""

from .models import Question


def _f(value) -> float:
    return float(value)


def question_snapshot(question: Question) -> dict:
    """The question as the learner will see it and the grader will grade it, frozen now."""
    data = {
        "qid": question.qid,
        "type": question.type,
        "name": question.name,
        "text": question.text,
        "general_feedback": question.general_feedback,
        "points": _f(question.points),
        "shuffle": question.shuffle_choices,
    }
    kind = question.type
    if kind in {"single", "multiple"}:
        data["choices"] = [
            {"id": str(c.key), "text": c.text, "fraction": _f(c.fraction), "feedback": c.feedback}
            for c in question.choices.all()
        ]
    elif kind == "truefalse":
        right = bool(question.true_false_answer)
        data["choices"] = [
            {
                "id": "true",
                "text": "",
                "fraction": 1.0 if right else 0.0,
                "feedback": question.feedback_true,
            },
            {
                "id": "false",
                "text": "",
                "fraction": 0.0 if right else 1.0,
                "feedback": question.feedback_false,
            },
        ]
    elif kind == "short":
        data["answers"] = [
            {"text": a.text, "fraction": _f(a.fraction), "feedback": a.feedback}
            for a in question.accepted_answers.all()
        ]
        data["case_sensitive"] = question.case_sensitive
        data["accent_sensitive"] = question.accent_sensitive
    elif kind == "numerical":
        data["numerical"] = [
            {
                "value": a.value,
                "tolerance": a.tolerance,
                "fraction": _f(a.fraction),
                "feedback": a.feedback,
            }
            for a in question.numerical_answers.all()
        ]
    elif kind == "matching":
        pairs = list(question.matching_pairs.all())
        data["pairs"] = [
            {"id": str(p.key), "left": p.left, "right_id": f"r-{p.key}"}
            for p in pairs
            if p.left.strip()
        ]
        data["rights"] = [{"id": f"r-{p.key}", "text": p.right} for p in pairs]
    elif kind == "ordering":
        items = list(question.ordering_items.all())
        data["items"] = [{"id": str(i.key), "text": i.text} for i in items]
        data["order"] = [str(i.key) for i in items]
    elif kind == "essay":
        data["response_template"] = question.response_template
    return data
