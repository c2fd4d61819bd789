"""Question banks and quizzes for tests."""

from wagtail.models import Locale

from assessments.models import (
    AcceptedAnswer,
    Choice,
    NumericalAnswer,
    Question,
    QuestionCategory,
    Quiz,
    QuizSlot,
)


def category(name="Banco", parent=None) -> QuestionCategory:
    return QuestionCategory.objects.create(name=name, parent=parent)


def single_choice(
    cat,
    *,
    text="¿Cuántos objetivos tiene el Pacto Mundial?",
    right="23",
    wrong=("10", "17"),
    points=1,
    feedback="SECRET-FEEDBACK",
) -> Question:
    question = Question(
        category=cat,
        type="single",
        name=text[:60],
        text=f"<p>{text}</p>",
        points=points,
        general_feedback="<p>SECRET-GENERAL</p>",
        locale=Locale.get_default(),
    )
    question.choices = [Choice(text=right, fraction=1, feedback=feedback)] + [
        Choice(text=w, fraction=0, feedback=feedback) for w in wrong
    ]
    question.save()
    return question


def short_answer(cat, *, text="Escriba el término", accepted="migraci*n", points=1) -> Question:
    question = Question(
        category=cat,
        type="short",
        name=text[:60],
        text=f"<p>{text}</p>",
        points=points,
        locale=Locale.get_default(),
    )
    question.accepted_answers = [AcceptedAnswer(text=accepted, fraction=1)]
    question.save()
    return question


def numerical(cat, *, value=2018, tolerance=0) -> Question:
    question = Question(
        category=cat,
        type="numerical",
        name="Año",
        text="<p>¿En qué año?</p>",
        locale=Locale.get_default(),
    )
    question.numerical_answers = [NumericalAnswer(value=value, tolerance=tolerance, fraction=1)]
    question.save()
    return question


def essay(cat, *, name="Ensayo", points=1) -> Question:
    question = Question(
        category=cat,
        type="essay",
        name=name,
        text="<p>Describa</p>",
        points=points,
        locale=Locale.get_default(),
    )
    question.save()
    return question


def quiz(*, questions=(), random_from=None, random_count=0, **fields) -> Quiz:
    q = Quiz(title=fields.pop("title", "Evaluación"), locale=Locale.get_default(), **fields)
    slots = [QuizSlot(question=question, sort_order=i) for i, question in enumerate(questions)]
    if random_from is not None:
        slots.append(
            QuizSlot(random_category=random_from, random_count=random_count, sort_order=len(slots))
        )
    q.slots = slots
    q.save()
    return q
