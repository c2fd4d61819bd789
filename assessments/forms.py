"""Read a learner's answers from an HTML form (works without JavaScript)."""

from collections.abc import Mapping


def answers_from_post(questions: list[dict], post: Mapping) -> dict:
    """Responses in the grader's format for the questions present in the form. Questions the
    form does not mention are left out (so a partial autosave never erases other answers)."""
    answers: dict[str, dict] = {}
    for question in questions:
        qid, kind = question["qid"], question["type"]
        name = f"q-{qid}"
        if kind in {"single", "truefalse"}:
            if name in post:
                answers[qid] = {"choice": post.get(name, "")} if post.get(name) else {}
        elif kind == "multiple":
            if f"{name}-present" in post or name in post:
                values = post.getlist(name) if hasattr(post, "getlist") else post.get(name, [])
                answers[qid] = {"choices": [v for v in values if v]}
        elif kind in {"short", "essay"}:
            if name in post:
                answers[qid] = {"text": post.get(name, "")}
        elif kind == "numerical":
            if name in post:
                answers[qid] = {"value": post.get(name, "")}
        elif kind == "matching":
            pairs = {
                pair["id"]: post.get(f"{name}-{pair['id']}")
                for pair in question.get("pairs", [])
                if post.get(f"{name}-{pair['id']}")
            }
            if any(f"{name}-{pair['id']}" in post for pair in question.get("pairs", [])):
                answers[qid] = {"pairs": pairs}
        elif kind == "ordering":
            positions = {}
            for item in question.get("items", []):
                raw = post.get(f"{name}-{item['id']}")
                if raw is None:
                    continue
                try:
                    positions[item["id"]] = int(raw)
                except (TypeError, ValueError):
                    positions[item["id"]] = 10_000
            if positions:
                order = sorted(positions, key=lambda item_id: (positions[item_id], item_id))
                answers[qid] = {"order": order}
    return answers
