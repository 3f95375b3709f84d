"""Knowledge checks: what the page holds, what the workbook prints, how editors are kept right."""

import pytest
from wagtail import blocks as wagtail_blocks
from wagtail.models import Page
from wagtail_localize.segments.extract import extract_segments

from wagtail_peersupport.blocks import KnowledgeCheckBlock, KnowledgeCheckQuestionBlock
from wagtail_peersupport.coursepackage import export_course

from .test_course_package_errors import changed, refused, write

pytestmark = pytest.mark.django_db

LESSON = "How the recovery approach developed"


def text(tag):
    return " ".join(tag.get_text(" ").split())


@pytest.fixture
def lesson(shipped_course):
    return Page.objects.descendant_of(shipped_course).get(title=LESSON).specific


def test_the_shipped_lesson_asks_its_questions(lesson, get_soup):
    check = get_soup(lesson).select_one(".ps-check")
    assert text(check.find("h2")) == "Check what you have learned"
    questions = check.select(".ps-check__question")
    assert [text(q.legend) for q in questions] == [
        "Which are the two core elements of the recovery approach?",
        "The Vermont study followed 262 previously long-stay patients. What had happened "
        "to two-thirds of them 25 years after their first assessment?",
        "People have always recovered from mental health problems.",
    ]
    # Several answers may be right in the first; one in the others.
    kinds = [{i["type"] for i in q.select("input")} for q in questions]
    assert kinds == [{"checkbox"}, {"radio"}, {"radio"}]
    assert text(questions[0].select_one(".ps-check__hint")) == "Choose every answer that is right."
    # Every choice has its own label, and each question's choices are one group.
    for question in questions:
        inputs = question.select("input")
        assert len({i["name"] for i in inputs}) == 1
        for field in inputs:
            assert text(question.find("label", attrs={"for": field["id"]}))
    right = [
        [text(i.find_next_sibling("label")) for i in q.select("input[data-ps-correct]")]
        for q in questions
    ]
    assert right == [
        [
            "A fundamental belief that everyone has the potential for recovery",
            "Learning directly from people who are in recovery, or who have recovered",
        ],
        ["They had either improved considerably, or had recovered"],
        ["True"],
    ]


def test_without_the_script_the_answers_are_behind_a_disclosure(lesson, get_soup):
    check = get_soup(lesson).select_one(".ps-check")
    answers = check.select_one("details.ps-check__answers")
    assert text(answers.summary) == "Show the answers"
    items = answers.select(".ps-check__answer-list > li")
    assert len(items) == 3
    assert "The right answers: A fundamental belief" in text(items[0])
    assert "The right answer: They had either improved considerably" in text(items[1])
    assert "If you chose “They were still living in hospital”: No: they had undergone" in text(
        items[1]
    )
    assert "What has changed is the emphasis on recovery" in text(items[2])
    # The script's controls, feedback and explanations wait, hidden, for the script.
    for part in check.select(
        ".ps-check__actions, .ps-check__feedback, .ps-check__explanation, .ps-check__mark"
    ):
        assert part.has_attr("hidden")
    # Results and the score are announced when the script writes them.
    assert all(p["role"] == "status" for p in check.select(".ps-check__result, .ps-check__score"))
    assert check.select_one(".ps-check__result")["data-ps-answer"].startswith("The right answers:")


def test_the_workbook_prints_boxes_to_tick_and_the_answers(shipped_course, lesson, get_soup):
    soup = get_soup(lesson.get_parent().url + "workbook/")
    check = soup.select_one(".ps-check")
    assert check.select("input") == [] and not check.has_attr("data-ps-check")
    assert len(check.select(".ps-tickbox")) == 8
    assert text(check.select_one(".ps-check__answers h3")) == "Answers"
    assert check.select_one("details") is None
    whole = get_soup(shipped_course.url + "workbook/")
    assert len(whole.select(".ps-check")) == 1


def question(kind, *options, explanation=""):
    return {
        "question": "Is it?",
        "kind": kind,
        "options": [{"text": t, "correct": c, "feedback": ""} for t, c in options],
        "explanation": explanation,
    }


@pytest.mark.parametrize(
    "value, message",
    [
        (question("single", ("A", False), ("B", False)), "Tick the answer that is right."),
        (question("single", ("A", True), ("B", True)), "Only one answer can be right here."),
        (
            question("true-false", ("True", True), ("False", False), ("Maybe", False)),
            "A true or false question has two answers",
        ),
    ],
)
def test_editors_are_told_what_is_wrong_with_a_question(value, message):
    block = KnowledgeCheckQuestionBlock()
    with pytest.raises(wagtail_blocks.StructBlockValidationError) as excinfo:
        block.clean(block.to_python(value))
    assert message in str(excinfo.value.block_errors["options"])


def test_several_right_answers_are_fine_when_the_question_says_so():
    block = KnowledgeCheckQuestionBlock()
    value = block.clean(block.to_python(question("multiple", ("A", True), ("B", True))))
    assert [o["text"] for o in value.right_answers] == ["A", "B"]


def test_every_text_of_a_check_is_translatable(lesson):
    strings = {s.string.data for s in extract_segments(lesson) if hasattr(s, "string")}
    check = next(block.value for block in lesson.body if block.block_type == "knowledge_check")
    texts = [check["heading"], check["introduction"]]
    for item in check["questions"]:
        texts += [item["question"], item["explanation"]]
        texts += [
            t for option in item["options"] for t in (option["text"], option["feedback"]) if t
        ]
    assert len(texts) == 21
    assert [t for t in texts if t not in strings] == []


def test_a_course_package_carries_the_check_both_ways(shipped_course, home, tmp_path):
    exported = export_course(shipped_course)
    lesson = next(
        lesson
        for session in exported["sessions"]
        for lesson in session["lessons"]
        if lesson["title"] == LESSON
    )
    check = next(block for block in lesson["body"] if block["type"] == "knowledge_check")
    assert check["value"]["questions"][2]["kind"] == "true-false"
    assert [o["correct"] for o in check["value"]["questions"][0]["options"]] == [True, True, False]


def test_a_bad_check_in_a_package_is_refused_with_its_place(home, tmp_path):
    check = {"heading": "Check", "questions": [question("single", ("A", "yes"), ("B", False))]}
    data = changed(**{"sessions/0/lessons/0/body/2": {"type": "knowledge_check", "value": check}})
    message = refused(write(tmp_path, data))
    assert "sessions[0].lessons[0].body[2].questions[0].options[0].correct" in message


def test_the_block_preview_shows_a_question():
    html = KnowledgeCheckBlock().render(KnowledgeCheckBlock().get_preview_value())
    assert "Everyone has the potential for recovery." in html and "Show the answers" in html
