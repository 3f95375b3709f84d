"""Generate sample courses of any size, for demos, tests and benchmarks.

``make_course(parent, sessions=40, lessons_per_session=8)`` builds a course
whose lessons use every kind of block the package offers, so a generated
course costs what a real one does to load and render.
"""

from django.utils.text import slugify

__all__ = ["sample_lesson_body", "make_course"]


def sample_lesson_body(number=1):
    """A lesson body, as StreamField data, using each of the course blocks once."""
    return [
        {
            "type": "heading",
            "value": {"text": f"Part {number}: what this lesson covers", "level": "h2"},
        },
        {
            "type": "paragraph",
            "value": (
                "<p>People have always recovered from mental health problems. This lesson "
                "looks at what helps, and at how <b>peer support</b> fits in.</p>"
            ),
        },
        {
            "type": "key_points",
            "value": {
                "lead_in": "Two core elements:",
                "points": [
                    "Everyone has the potential for recovery.",
                    "We learn from people in recovery.",
                ],
                "numbered": False,
            },
        },
        {
            "type": "research_finding",
            "value": {
                "study": "A long-term outcome study",
                "summary": "<p>People were followed up over many years.</p>",
                "figures": [
                    {"figure": "262", "measure": "people took part"},
                    {"figure": "68%", "measure": "were functioning above mild impairment"},
                ],
                "citation": "Example et al 1987",
                "source_url": "",
            },
        },
        {
            "type": "recovery_story",
            "value": {
                "title": "Finding my feet",
                "story": "<p>Having acceptance means taking charge of my life.</p>",
                "narrator_type": "pseudonym",
                "narrator_name": "Sam",
                "source_title": "A peer support newsletter",
                "source_url": "https://example.org/stories/sam",
                "content_warnings": ["hospitalisation"],
                "consent_confirmed": True,
            },
        },
        {
            "type": "reflection_prompt",
            "value": {
                "heading": "Reflection",
                "introduction": "After reading this story, write down some of your thoughts.",
                "questions": [
                    "How did it feel to read this recovery story?",
                    "Why are personal stories so powerful?",
                ],
            },
        },
    ]


def make_course(
    parent,
    *,
    title="Sample course",
    slug=None,
    sessions=5,
    lessons_per_session=2,
    with_resources=True,
    live=True,
):
    """Create a course under ``parent`` and return it (as a ``CoursePage``)."""
    from .models import CoursePage, LessonPage, ResourcesPage, SessionPage

    course = parent.add_child(
        instance=CoursePage(
            title=title,
            slug=slug or slugify(title),
            introduction="<p>An introduction to peer support.</p>",
            audience="<p>Anyone who wants to support others.</p>",
            learning_outcomes=[{"type": "outcome", "value": "Explain the recovery approach."}],
            duration=f"{sessions} sessions",
            live=live,
        )
    )
    for s in range(1, sessions + 1):
        session = course.add_child(
            instance=SessionPage(
                title=f"Session title {s}",
                slug=f"session-{s}",
                aim=f"The aim of session {s}.",
                live=live,
            )
        )
        for lesson_number in range(1, lessons_per_session + 1):
            session.add_child(
                instance=LessonPage(
                    title=f"Lesson {s}.{lesson_number}",
                    slug=f"lesson-{s}-{lesson_number}",
                    body=sample_lesson_body(lesson_number),
                    live=live,
                )
            )
    if with_resources:
        course.add_child(
            instance=ResourcesPage(
                title="Useful resources",
                slug="resources",
                body=[
                    {
                        "type": "resource_list",
                        "value": {
                            "heading": "Further reading",
                            "introduction": "",
                            "items": [
                                {
                                    "title": "Scottish Recovery Network",
                                    "description": "Stories and research about recovery.",
                                    "kind": "website",
                                    "url": "https://www.scottishrecovery.net/",
                                    "page": None,
                                    "document": None,
                                }
                            ],
                        },
                    }
                ],
                live=live,
            )
        )
    return course
