"""What makes a question usable, per type (shared by the admin form and the importer)."""

from django.utils.translation import gettext as _


def question_problems(question) -> list[str]:
    kind = question.type
    problems: list[str] = []
    if kind in {"single", "multiple"}:
        choices = list(question.choices.all())
        if len(choices) < 2:
            problems.append(_("Add at least two choices."))
        fractions = [float(c.fraction) for c in choices]
        if kind == "single" and choices and max(fractions) < 1:
            problems.append(_("One choice must give full credit (1)."))
        if kind == "multiple" and choices and sum(f for f in fractions if f > 0) < 0.999:
            problems.append(_("The positive credits of the choices must add up to at least 1."))
    elif kind == "truefalse" and question.true_false_answer is None:
        problems.append(_("Say whether the statement is true or false."))
    elif kind == "short":
        answers = list(question.accepted_answers.all())
        if not answers or max(float(a.fraction) for a in answers) < 1:
            problems.append(_("Add at least one accepted answer with full credit."))
    elif kind == "numerical":
        answers = list(question.numerical_answers.all())
        if not answers or max(float(a.fraction) for a in answers) < 1:
            problems.append(_("Add at least one answer with full credit."))
    elif kind == "matching":
        pairs = [p for p in question.matching_pairs.all() if p.left.strip()]
        if len(pairs) < 2:
            problems.append(_("Add at least two pairs."))
    elif kind == "ordering" and len(list(question.ordering_items.all())) < 2:
        problems.append(_("Add at least two items."))
    return problems
