"""Safe-messaging checks: phrases to avoid, unwarned topics, stories without support.

What editors see: findings from ``check_page``/``check_course``, the
``peersupport_check`` command's output, the marks in a page's preview, and the
rules the editor's Checks panel runs.
"""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from wagtail.models import Locale

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, SessionPage, SupportContact
from wagtail_peersupport.safemessaging import check_course, check_page

COMMITTED = "peersupport-phrase-en-committed-suicide"


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path").specific())


def paragraph(html):
    return {"type": "paragraph", "value": html}


def story(text, *, title="Sam's story", warnings=()):
    return {
        "type": "recovery_story",
        "value": {
            "title": title,
            "story": text,
            "narrator_type": "anonymous",
            "narrator_name": "",
            "source_title": "",
            "source_url": "",
            "content_warnings": list(warnings),
            "consent_confirmed": True,
        },
    }


def lesson_with(language="en", body=(), warnings=(), title="A lesson"):
    """An unsaved lesson in ``language`` holding ``body``: check_page reads it as given."""
    locale, _ = Locale.objects.get_or_create(language_code=language)
    return LessonPage(title=title, locale=locale, body=list(body), content_warnings=list(warnings))


def found(page, **kwargs):
    return [(f.rule_id, f.text) for f in check_page(page, **kwargs)]


# Phrases ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_phrases_match_case_insensitively_with_their_advice():
    page = lesson_with(
        body=[paragraph("<p>Her brother COMMITTED Suicide in 1990.</p>")], warnings=["suicide"]
    )
    (finding,) = check_page(page, support_available=True)
    assert finding.rule_id == COMMITTED
    assert finding.text == "COMMITTED Suicide"
    assert str(finding.title) == "Avoid “committed suicide”"
    assert "died by suicide" in finding.advice and "crime" in finding.advice
    assert finding.location == "Body › Text (block 1)"


@pytest.mark.django_db
def test_phrases_match_whole_words_only():
    page = lesson_with(
        body=[
            paragraph("<p>The mentally illustrated guide.</p>"),
            paragraph("<p>Living with schizophrenia.</p>"),
            paragraph("<p>She lives with a mental illness.</p>"),
        ]
    )
    assert found(page, support_available=True) == []
    page = lesson_with(body=[paragraph("<p>Stigma against the mentally ill, and sufferers.</p>")])
    assert found(page, support_available=True) == [
        ("peersupport-phrase-en-suffers-from", "sufferers"),
        ("peersupport-phrase-en-mentally-ill", "the mentally ill"),
    ]


@pytest.mark.django_db
def test_rich_text_is_read_as_plain_text_one_paragraph_at_a_time():
    page = lesson_with(
        body=[
            paragraph("<p>He <b>committed</b>\n <i>suicide</i>.</p>"),
            paragraph("<p>It was committed</p><p>Suicide prevention</p>"),
            paragraph("<ul><li>a successful&nbsp;suicide</li></ul>"),
        ],
        warnings=["suicide"],
    )
    assert [(rule, text.split()) for rule, text in found(page, support_available=True)] == [
        (COMMITTED, ["committed", "suicide"]),
        ("peersupport-phrase-en-successful-suicide", ["successful", "suicide"]),
    ]


@pytest.mark.django_db
def test_nested_blocks_are_read_and_located():
    callout = {
        "type": "callout",
        "value": {
            "kind": "information",
            "heading": "Words",
            "text": "<p>Someone who suffers from anxiety</p>",
        },
    }
    points = {
        "type": "key_points",
        "value": {
            "lead_in": "",
            "points": ["Listen", "Never say manic depressive"],
            "numbered": False,
        },
    }
    page = lesson_with(
        body=[callout, points, story("<p>My dad committed suicide.</p>")],
        warnings=["suicide"],
    )
    findings = check_page(page, support_available=True)
    assert [(f.location, f.text) for f in findings] == [
        ("Body › Recovery story “Sam's story” › Story", "committed suicide"),
        ("Body › Callout “Words” › Text", "suffers from"),
        ("Body › Key points (block 2) › Points › Point 2", "manic depressive"),
    ]


@pytest.mark.django_db
def test_each_language_has_its_own_phrases():
    spanish = lesson_with(
        "es",
        body=[paragraph("<p>Cometió suicidio. No fue un suicidio exitoso.</p>")],
        warnings=["suicide"],
    )
    assert found(spanish, support_available=True) == [
        ("peersupport-phrase-es-cometio-suicidio", "Cometió suicidio"),
        ("peersupport-phrase-es-suicidio-exitoso", "suicidio exitoso"),
    ]
    welsh = lesson_with(
        "cy", body=[paragraph("<p>Wedi cyflawni hunanladdiad.</p>")], warnings=["suicide"]
    )
    assert found(welsh, support_available=True) == [
        ("peersupport-phrase-cy-cyflawni-hunanladdiad", "cyflawni hunanladdiad")
    ]
    # Arabic joins "and" to the verb, and may write the short vowels.
    arabic = lesson_with(
        "ar", body=[paragraph("<p>وارتكبَ الانتحار في ٢٠١٠.</p>")], warnings=["suicide"]
    )
    ((rule, text),) = found(arabic, support_available=True)
    assert rule.startswith("peersupport-phrase-ar-") and text == "وارتكب الانتحار"
    # English phrases are not looked for in Spanish text, nor Spanish ones in English.
    assert found(lesson_with("es", body=[paragraph("<p>committed suicide</p>")])) == []
    english = lesson_with("en", body=[paragraph("<p>cometió suicidio</p>")])
    assert found(english, support_available=True) == []


# Content warnings -------------------------------------------------------------------


@pytest.mark.django_db
def test_mentions_of_suicide_or_self_harm_need_a_content_warning():
    body = [
        {"type": "heading", "value": {"text": "Self-harm", "level": "h2"}},
        paragraph("<p>Talking about self harm and overdose.</p>"),
    ]
    (finding,) = check_page(lesson_with(body=body), support_available=True)
    assert finding.rule_id == "peersupport-warning-self-harm"
    assert (finding.location, finding.text, finding.count) == (
        "Body › Heading “Self-harm” › Heading",
        "Self-harm",
        3,
    )
    assert "Tick “Self-harm”" in str(finding.instead)
    assert found(lesson_with(body=body, warnings=["self-harm"])) == []
    warning_block = {"type": "content_warning", "value": {"topics": ["self-harm"], "note": ""}}
    assert found(lesson_with(body=[warning_block, *body])) == []
    # Welsh, Spanish and Arabic words count too.
    for language, words in [
        ("cy", "Meddyliau hunanladdol"),
        ("es", "Pensamientos suicidas"),
        ("ar", "التفكير في الانتحار"),
    ]:
        page = lesson_with(language, body=[paragraph(f"<p>{words}</p>")])
        assert [rule for rule, _text in found(page, support_available=True)] == [
            "peersupport-warning-suicide"
        ], language


@pytest.mark.django_db
def test_a_storys_own_warnings_cover_its_text_only():
    told = story("<p>I thought about suicide.</p>", warnings=["suicide"])
    assert found(lesson_with(body=[told]), support_available=True) == []
    outside = paragraph("<p>Suicide is hard to talk about.</p>")
    assert found(lesson_with(body=[told, outside]), support_available=True) == [
        ("peersupport-warning-suicide", "Suicide")
    ]


@pytest.mark.django_db
def test_session_aims_are_checked(course):
    session = SessionPage.objects.descendant_of(course).first().specific
    session.aim = "We discuss suicidality and risk."
    findings = check_page(session)
    assert [(f.rule_id, f.location) for f in findings] == [("peersupport-warning-suicide", "Aim")]


# Support beside recovery stories ---------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_a_story_needs_support_contacts_the_page_shows(course, get_soup):
    lesson = lessons_of(course)[0]
    lesson.body = [story("<p>Hope is the cornerstone of my recovery.</p>")]
    lesson.save_revision().publish()
    (finding,) = check_page(lesson)
    assert finding.rule_id == "peersupport-story-support"
    assert finding.location == "Body › Recovery story “Sam's story”"
    # What the visitor sees: no support contacts, nowhere to turn.
    soup = get_soup(lesson)
    assert soup.find(id="ps-support") is None and soup.select(".ps-support__contact") == []


@pytest.mark.django_db
def test_support_contacts_of_the_pages_language_or_the_default_count(course, contacts, get_soup):
    lesson = lessons_of(course)[0]
    lesson.body = [story("<p>Hope is the cornerstone of my recovery.</p>")]
    lesson.save_revision().publish()
    assert check_page(lesson) == []
    assert get_soup(lesson).find(id="ps-support").select(".ps-support__name")
    translate_course(course, "cy")
    welsh_lesson = lesson.get_translation(Locale.objects.get(language_code="cy")).specific
    assert welsh_lesson.locale.language_code == "cy" and check_page(welsh_lesson) == []
    # With no contacts in Welsh, a Welsh page lists the English ones.
    SupportContact.objects.filter(locale__language_code="cy").delete()
    assert check_page(welsh_lesson) == []
    SupportContact.objects.all().delete()
    assert [f.rule_id for f in check_page(welsh_lesson)] == ["peersupport-story-support"]


# The shipped course ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_shipped_course_follows_the_guidance(shipped_course, contacts):
    report = check_course(shipped_course)
    assert report.pages == 15 and report.languages == {"en"}
    assert report.findings == []


# The command -----------------------------------------------------------------------


def run_check(*args):
    out = StringIO()
    call_command("peersupport_check", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_reports_a_course_with_nothing_to_change(course, contacts):
    output = run_check(course.pk)
    assert output.splitlines()[0] == "Checking 11 pages in English…"
    assert output.splitlines()[-1] == "Checked 11 pages in 1 language: nothing to change."


@pytest.mark.django_db
def test_command_lists_draft_findings_and_fails(course, contacts):
    lesson = lessons_of(course)[1]
    lesson.content_warnings = ["suicide"]
    lesson.body = [paragraph("<p>Her brother committed suicide.</p>")]
    lesson.save_revision()  # a draft: the live page is still clean
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("peersupport_check", str(course.pk), stdout=out)
    assert str(error.value) == "Checked 11 pages in 1 language: 1 finding."
    lines = out.getvalue().splitlines()
    assert lines[1:] == [
        f"{lesson.title} (en, lesson) /admin/pages/{lesson.pk}/edit/",
        "  Body › Text (block 1): “committed suicide”",
        "    Avoid “committed suicide”. Write “died by suicide” or “took their own life”. "
        "“Committed” suggests a crime or a sin. It adds to the stigma that stops people "
        "asking for help.",
    ]


@pytest.mark.django_db
def test_command_checks_every_language(course, contacts):
    translate_course(course, "cy")
    welsh = lessons_of(course)[0].get_translation(Locale.objects.get(language_code="cy")).specific
    welsh.content_warnings = ["suicide"]
    welsh.body = [paragraph("<p>Wnaeth e gyflawni hunanladdiad.</p>")]
    welsh.save_revision().publish()
    out = StringIO()
    with pytest.raises(CommandError, match=r"^Checked 22 pages in 2 languages: 1 finding\.$"):
        call_command("peersupport_check", str(course.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["Checking 11 pages in English…", "Checking 11 pages in Welsh…"]
    assert lines[2] == f"{welsh.title} (cy, lesson) /admin/pages/{welsh.pk}/edit/"
    assert lines[3] == "  Body › Text (block 1): “gyflawni hunanladdiad”"
    assert "marw drwy hunanladdiad" in lines[4]


@pytest.mark.django_db
def test_command_refuses_unknown_ids_and_pages_that_are_not_courses(course):
    with pytest.raises(CommandError, match=r"^There is no page with id 99999\.$"):
        run_check(99999)
    lesson = lessons_of(course)[0]
    with pytest.raises(
        CommandError, match=rf"^Page {lesson.pk} \('.*'\) is a lesson, not a course\.$"
    ):
        run_check(lesson.pk)


@pytest.mark.django_db
def test_checking_a_course_reads_only_drafts_page_by_page(
    course, contacts, django_assert_max_num_queries
):
    # The pages, one query per page type, the locales and the contacts: not per page.
    with django_assert_max_num_queries(8):
        assert check_course(course).pages == 11
    for lesson in lessons_of(course)[:3]:
        lesson.body = [paragraph("<p>A draft.</p>")]
        lesson.save_revision()
    # Each draft is read from its revision, as Wagtail loads one.
    with django_assert_max_num_queries(8 + 3 * 8):
        assert check_course(course).pages == 11


# The content checker: preview marks and the Checks panel --------------------------


def marked(soup, rule):
    return soup.select(f'[data-peersupport-check~="{rule}"]')


@pytest.mark.django_db
def test_previews_mark_findings_and_the_live_page_does_not(course, client):
    lesson = lessons_of(course)[0]
    lesson.body = [
        paragraph("<p>Fine words.</p><p>He committed suicide.</p>"),
        story("<p>Hope is the cornerstone of my recovery.</p>"),
    ]
    lesson.content_warnings = ["suicide"]
    lesson.save_revision().publish()
    preview = BeautifulSoup(lesson.make_preview_request().content, "html.parser")
    (element,) = marked(preview, COMMITTED)
    assert element.name == "p" and element.get_text() == "He committed suicide."
    (figure,) = marked(preview, "peersupport-story-support")
    assert "ps-story" in figure["class"]
    live = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert live.select("[data-peersupport-check]") == []
    assert live.find("p", string="He committed suicide.") is not None


def axe_configuration(admin_client, page):
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    script = soup.find(id="checker-axe-configuration") or soup.find(
        id="accessibility-axe-configuration"
    )
    return json.loads(script.string)


@pytest.mark.django_db
def test_the_checks_panel_runs_the_safe_messaging_rules(course, admin_client):
    config = axe_configuration(admin_client, lessons_of(course)[0])
    rules = {rule["id"]: rule for rule in config["spec"]["rules"]}
    rule = rules[COMMITTED]
    assert rule["selector"] == f'[data-peersupport-check~="{COMMITTED}"]'
    assert rule["excludeHidden"] is False and rule["enabled"] is True
    (check,) = [c for c in config["spec"]["checks"] if c["id"] == rule["any"][0]]
    assert check["evaluate"] == "has-descendant-evaluate"
    # Wagtail's own rules still run, and ours with them.
    assert {"button-name", COMMITTED, "peersupport-story-support"} <= set(
        config["options"]["runOnly"]
    )
    assert {"peersupport-warning-suicide", "peersupport-warning-self-harm"} <= set(rules)
    assert config["messages"][COMMITTED]["error_name"] == "Avoid “committed suicide”"
    assert "died by suicide" in config["messages"][COMMITTED]["help_text"]
    # Only the page's own language: no Spanish phrases on an English lesson.
    assert not [rule for rule in rules if rule.startswith("peersupport-phrase-es-")]


@pytest.mark.django_db
def test_pages_outside_courses_keep_wagtails_checks(home, admin_client):
    config = axe_configuration(admin_client, home)
    assert not [r for r in config["spec"]["rules"] if r["id"].startswith("peersupport-")]
    assert not [r for r in config["options"]["runOnly"] if r.startswith("peersupport-")]


# The setting -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_setting_extends_the_list(settings):
    settings.WAGTAIL_PEERSUPPORT_SAFE_MESSAGING_PHRASES = {
        "en": {
            "extend": [
                {
                    "id": "psycho",
                    "phrases": ["psycho", "psychos"],
                    "instead": "Name the behaviour.",
                    "why": "It is a slur.",
                }
            ]
        }
    }
    page = lesson_with(
        body=[paragraph("<p>Not a psycho; she committed suicide.</p>")], warnings=["suicide"]
    )
    findings = check_page(page, support_available=True)
    assert [(f.rule_id, f.text) for f in findings] == [
        (COMMITTED, "committed suicide"),
        ("peersupport-phrase-en-psycho", "psycho"),
    ]
    assert findings[1].advice == "Name the behaviour. It is a slur."


@pytest.mark.django_db
def test_the_setting_replaces_or_removes_entries_per_language(settings):
    settings.WAGTAIL_PEERSUPPORT_SAFE_MESSAGING_PHRASES = {
        "en": {"replace": [{"phrases": ["loony"], "instead": "Say what you mean."}]},
        "es": {"remove": ["suicidio-exitoso"]},
    }
    page = lesson_with(
        body=[paragraph("<p>A loony who committed suicide.</p>")], warnings=["suicide"]
    )
    assert found(page, support_available=True) == [("peersupport-phrase-en-loony", "loony")]
    spanish = lesson_with(
        "es", body=[paragraph("<p>Cometió suicidio; suicidio exitoso.</p>")], warnings=["suicide"]
    )
    assert found(spanish, support_available=True) == [
        ("peersupport-phrase-es-cometio-suicidio", "Cometió suicidio")
    ]
    settings.WAGTAIL_PEERSUPPORT_SAFE_MESSAGING_PHRASES = {"en": ["loony"]}
    with pytest.raises(ImproperlyConfigured, match="SAFE_MESSAGING_PHRASES"):
        check_page(page, support_available=True)
