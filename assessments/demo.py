"""Demo assessments: a final quiz for each demo course in es/en/fr, read from the "quiz" key of
`courses/demo_data/<theme-key>.json`, a last lesson that holds it, and some attempts of the demo
learner, graded by the real engine.

Rows are found again by natural keys (category name; question name and category; quiz title and
locale), so a rerun updates them. Choice, pair and item keys derive from the course key and the
question, so they are the same in every language and on every run: statistics and past attempts
line up across languages."""

import json
import uuid
from decimal import Decimal

from django.utils import translation
from wagtail.models import Locale

from accounts.models import User
from courses.demo import (
    COMPLETED_COURSE,
    DATA_DIR,
    HALF_DONE_COURSE,
    LEARNER_EMAIL,
    THEME_KEYS,
    _languages,
    _pages,
    _paragraphs,
    _stable_id,
)
from courses.models import CoursePage, LessonPage, ModulePage

from .models import Attempt, Question, QuestionCategory, Quiz
from .services import ActivityContext, attempt_autosave, attempt_start, attempt_submit
from .validation import question_problems

KEY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://campus.example.org/demo/assessments")
TOP_CATEGORY = "Demo"
NAME_LENGTH = 60
QUIZ_RULES = {
    "pass_mark": 70,
    "max_attempts": 3,
    "time_limit_minutes": 20,
    "grading_method": Quiz.Grading.HIGHEST,
    "shuffle_choices": True,
}
FINAL_LESSON = {
    "es": {
        "title": "Evaluación final",
        "slug": "evaluacion-final",
        "intro": "<p>Esta evaluación repasa los contenidos de todo el curso con preguntas de "
        "distintos tipos. Aprobarla es el último paso para completar el curso. Lea cada pregunta "
        "con calma: sus respuestas se guardan mientras avanza.</p>",
    },
    "en": {
        "title": "Final quiz",
        "slug": "final-quiz",
        "intro": "<p>This quiz reviews the whole course with questions of several kinds. Passing "
        "it is the last step to complete the course. Take your time with each question: your "
        "answers are saved as you go.</p>",
    },
    "fr": {
        "title": "Évaluation finale",
        "slug": "evaluation-finale",
        "intro": "<p>Cette évaluation reprend l’ensemble du cours avec des questions de plusieurs "
        "types. La réussir est la dernière étape pour achever le cours. Prenez le temps de lire "
        "chaque question : vos réponses sont enregistrées au fur et à mesure.</p>",
    },
}
# Share of the points the learner answers right in each attempt on the completed course: a
# failed first try, then a pass.
COMPLETED_COURSE_SHARES = (0.4, 0.85)
OPEN_ATTEMPT_ANSWERS = 2


def _key(*parts) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, "/".join(str(part) for part in parts))


def _locale(language: str) -> Locale:
    return Locale.objects.get(language_code=language)


def _category(data: dict) -> QuestionCategory:
    top, _created = QuestionCategory.objects.get_or_create(name=TOP_CATEGORY, parent=None)
    category, _created = QuestionCategory.objects.update_or_create(
        name=data["key"], parent=top, defaults={"info": data["title"][_languages()[0]]}
    )
    return category


def _children(manager, rows: list[dict]) -> list:
    """Child rows for a cluster relation, reusing the existing ones by position."""
    existing = list(manager.all())
    items = []
    for position, fields in enumerate(rows):
        item = existing[position] if position < len(existing) else manager.model()
        for name, value in {**fields, "sort_order": position}.items():
            setattr(item, name, value)
        items.append(item)
    return items


def _fill_question(question: Question, data: dict, language: str, *, name: str, key) -> None:
    kind = data["type"]
    question.type = kind
    question.name = name
    question.text = _paragraphs(data["text"][language])
    feedback = data.get("general_feedback")
    question.general_feedback = _paragraphs(feedback[language]) if feedback else ""
    question.points = Decimal(str(data["points"]))
    question.case_sensitive = question.accent_sensitive = False
    is_truefalse = kind == Question.Type.TRUE_FALSE
    question.true_false_answer = data["answer"] if is_truefalse else None
    question.feedback_true = data["feedback_true"][language] if is_truefalse else ""
    question.feedback_false = data["feedback_false"][language] if is_truefalse else ""

    choices, accepted, numerical, pairs, items = [], [], [], [], []
    if kind in {Question.Type.SINGLE, Question.Type.MULTIPLE}:
        for n, choice in enumerate(data["choices"]):
            if kind == Question.Type.SINGLE:
                fraction = Decimal(1 if choice["correct"] else 0)
            else:
                fraction = Decimal(choice["weight"]) / 100
            choices.append(
                {
                    "key": _key(key, "choice", n),
                    "text": choice["text"][language],
                    "fraction": fraction,
                    "feedback": choice.get("feedback", {}).get(language, ""),
                }
            )
    elif kind == Question.Type.SHORT:
        accepted = [
            {"text": text, "fraction": Decimal(1), "feedback": ""}
            for text in data["accepted"][language]
        ]
    elif kind == Question.Type.NUMERICAL:
        numerical = [
            {
                "value": float(data["answer"]),
                "tolerance": float(data.get("tolerance", 0)),
                "fraction": Decimal(1),
                "feedback": "",
            }
        ]
    elif kind == Question.Type.MATCHING:
        pairs = [
            {
                "key": _key(key, "pair", n),
                "left": pair["left"][language],
                "right": pair["right"][language],
            }
            for n, pair in enumerate(data["pairs"])
        ]
    elif kind == Question.Type.ORDERING:
        items = [
            {"key": _key(key, "item", n), "text": item[language]}
            for n, item in enumerate(data["items"])
        ]
    question.choices = _children(question.choices, choices)
    question.accepted_answers = _children(question.accepted_answers, accepted)
    question.numerical_answers = _children(question.numerical_answers, numerical)
    question.matching_pairs = _children(question.matching_pairs, pairs)
    question.ordering_items = _children(question.ordering_items, items)


def _question(data: dict, *, category: QuestionCategory, course_key: str) -> Question:
    """The question in the default language and its translations; returns the default one."""
    languages = _languages()
    name = data["text"][languages[0]][:NAME_LENGTH]
    key = f"{course_key}/{name}"
    source = Question.objects.filter(
        category=category, name=name, locale=_locale(languages[0])
    ).first()
    for language in languages:
        locale = _locale(language)
        if language == languages[0]:
            question = source or Question(locale=locale)
        else:
            question = Question.objects.filter(
                translation_key=source.translation_key, locale=locale
            ).first() or Question(translation_key=source.translation_key, locale=locale)
        question.category = category
        _fill_question(question, data, language, name=name, key=key)
        question.save()
        problems = question_problems(question)
        if problems:
            raise ValueError(f"Demo question {name!r} ({language}): {' '.join(problems)}")
        source = source or question
    return source


def _quizzes(data: dict, *, questions: list[Question], course: CoursePage) -> dict[str, Quiz]:
    """The course's final quiz in each language; every translation lists the same questions."""
    languages = _languages()
    titles = data["quiz"]["title"]
    default_locale = _locale(languages[0])
    source = Quiz.objects.filter(title=titles[languages[0]], locale=default_locale).first()
    if source is None and course.final_quiz and course.final_quiz.locale_id == default_locale.pk:
        source = course.final_quiz
    quizzes = {}
    for language in languages:
        locale = _locale(language)
        if language == languages[0]:
            quiz = source or Quiz(locale=locale)
        else:
            quiz = Quiz.objects.filter(
                translation_key=source.translation_key, locale=locale
            ).first() or Quiz(translation_key=source.translation_key, locale=locale)
        quiz.title = titles[language]
        for field, value in QUIZ_RULES.items():
            setattr(quiz, field, value)
        quiz.slots = _children(
            quiz.slots, [{"question": question, "random_category": None} for question in questions]
        )
        quiz.save()
        quizzes[language] = quiz
        source = source or quiz
    return quizzes


def _set_final_quiz(course: CoursePage, quiz: Quiz) -> None:
    """The course and its translations complete once the quiz (any language version) is passed."""
    for page in [course, *(p.specific for p in course.get_translations())]:
        if page.final_quiz_id != quiz.pk:
            page.final_quiz = quiz
            page.save_revision().publish()


def _final_lesson(
    data: dict, *, course: CoursePage, quizzes: dict[str, Quiz]
) -> tuple[dict[str, LessonPage], str]:
    """The quiz lesson, last in the last module, in each language: (lessons, quiz block id)."""
    default = _languages()[0]
    key = data["key"]
    module = ModulePage.objects.child_of(course).get(slug=data["modules"][-1]["slug"][default])
    block_id = _stable_id(key, "final-quiz")

    def fill(page, language):
        texts = FINAL_LESSON[language]
        page.title, page.slug = texts["title"], texts["slug"]
        page.summary = data["quiz"]["title"][language]
        page.estimated_minutes = QUIZ_RULES["time_limit_minutes"]
        page.is_required = True
        page.completion_rule = LessonPage.CompletionRule.ACTIVITIES
        page.body = [
            {
                "type": "rich_text",
                "value": texts["intro"],
                "id": _stable_id(key, "final-quiz", "intro"),
            },
            {
                "type": "quiz",
                "value": {"quiz": quizzes[language].pk, "title": "", "required": True},
                "id": block_id,
            },
        ]

    lessons = _pages(LessonPage, parent=module, slug=FINAL_LESSON[default]["slug"], fill=fill)
    return lessons, block_id


def _right_response(question: dict) -> dict | None:
    kind = question["type"]
    if kind in {"single", "truefalse"}:
        best = max(question["choices"], key=lambda choice: choice["fraction"])
        return {"choice": best["id"]}
    if kind == "multiple":
        return {"choices": [c["id"] for c in question["choices"] if c["fraction"] > 0]}
    if kind == "short":
        texts = [
            a["text"] for a in question["answers"] if a["fraction"] >= 1 and "*" not in a["text"]
        ]
        return {"text": texts[0]} if texts else None
    if kind == "numerical":
        best = max(question["numerical"], key=lambda answer: answer["fraction"])
        return {"value": f"{best['value']:g}"}
    if kind == "matching":
        return {"pairs": {pair["id"]: pair["right_id"] for pair in question["pairs"]}}
    if kind == "ordering":
        return {"order": list(question["order"])}
    return None


def _wrong_response(question: dict) -> dict | None:
    """A plausible answer that earns nothing; None leaves the question unanswered."""
    kind = question["type"]
    if kind in {"single", "truefalse"}:
        worst = min(question["choices"], key=lambda choice: choice["fraction"])
        return {"choice": worst["id"]}
    if kind == "multiple":
        right = [c["id"] for c in question["choices"] if c["fraction"] > 0]
        wrong = [c["id"] for c in question["choices"] if c["fraction"] < 0]
        return {"choices": right[:1] + wrong[:1]} if wrong else None
    if kind == "numerical":
        best = max(question["numerical"], key=lambda answer: answer["fraction"])
        return {"value": f"{best['value'] + best['tolerance'] + 1:g}"}
    if kind == "matching":
        rights = [pair["right_id"] for pair in question["pairs"]]
        shifted = rights[1:] + rights[:1]
        return {
            "pairs": {pair["id"]: r for pair, r in zip(question["pairs"], shifted, strict=True)}
        }
    if kind == "ordering":
        order = list(question["order"])
        return {"order": order[1:] + order[:1]}
    return None


def _responses(questions: list[dict], *, share: float) -> dict:
    """Right answers while they stay within `share` of the points, wrong ones after that."""
    budget = share * sum(question["points"] for question in questions)
    earned, responses = 0.0, {}
    for question in questions:
        response = None
        if earned + question["points"] <= budget:
            response = _right_response(question)
            earned += question["points"] if response is not None else 0
        else:
            response = _wrong_response(question)
        if response is not None:
            responses[question["qid"]] = response
    return responses


def _learner_attempts(*, learner: User, finals: dict) -> None:
    """A failed try and a pass on the completed course; a try in progress on the half-done one.
    Left alone once they exist."""
    language = learner.preferred_language or _languages()[0]
    with translation.override(language):
        quiz, lesson, block_id = finals[COMPLETED_COURSE]
        context = ActivityContext(
            lesson_key=lesson.translation_key, activity_key=f"quiz:{block_id}"
        )
        made = Attempt.objects.filter(user=learner, quiz_key=quiz.translation_key).count()
        for seed, share in enumerate(COMPLETED_COURSE_SHARES[made:], start=made + 1):
            attempt = attempt_start(quiz=quiz, user=learner, context=context, seed=seed)
            attempt_submit(attempt=attempt, answers=_responses(attempt.questions, share=share))

        quiz, lesson, block_id = finals[HALF_DONE_COURSE]
        if not Attempt.objects.filter(user=learner, quiz_key=quiz.translation_key).exists():
            context = ActivityContext(
                lesson_key=lesson.translation_key, activity_key=f"quiz:{block_id}"
            )
            attempt = attempt_start(quiz=quiz, user=learner, context=context, seed=1)
            answers = _responses(attempt.questions[:OPEN_ATTEMPT_ANSWERS], share=1)
            attempt_autosave(attempt=attempt, answers=answers)


def load(*, password: str, stdout) -> None:
    languages = _languages()
    default = languages[0]
    finals = {}
    for key in THEME_KEYS:
        data = json.loads((DATA_DIR / f"{key}.json").read_text(encoding="utf-8"))
        course = CoursePage.objects.get(locale__language_code=default, slug=data["slug"][default])
        category = _category(data)
        questions = [
            _question(question, category=category, course_key=key)
            for question in data["quiz"]["questions"]
        ]
        quizzes = _quizzes(data, questions=questions, course=course)
        _set_final_quiz(course, quizzes[default])
        lessons, block_id = _final_lesson(data, course=course, quizzes=quizzes)
        finals[key] = (quizzes[default], lessons[default], block_id)
        stdout.write(
            f"Final quiz: {quizzes[default].title} "
            f"({len(questions)} questions, {'/'.join(languages)})"
        )
    _learner_attempts(learner=User.objects.get(email=LEARNER_EMAIL), finals=finals)
