"""Generate sample courses of any size, for demos, tests and benchmarks.

``make_course(parent, sessions=40, lessons_per_session=8)`` loads a course
whose lessons use the main kinds of block the package offers, through the same
loader as a real course, so a generated course costs what a real one does to
load and render.
"""

from django.utils.text import slugify

from .coursepackage import check_package, load_course

__all__ = ["sample_lesson_body", "sample_package", "make_course"]


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


def sample_package(
    *, title="Sample course", slug=None, sessions=5, lessons_per_session=2, with_resources=True
):
    """A course package (see docs/course-package.md) of the given size."""
    package = {
        "format": 1,
        "course": {
            "title": title,
            "slug": slug or slugify(title),
            "introduction": "<p>An introduction to peer support.</p>",
            "audience": "<p>Anyone who wants to support others.</p>",
            "learning_outcomes": ["Explain the recovery approach."],
            "duration": f"{sessions} sessions",
        },
        "sessions": [
            {
                "title": f"Session title {s}",
                "slug": f"session-{s}",
                "aim": f"The aim of session {s}.",
                "lessons": [
                    {
                        "title": f"Lesson {s}.{n}",
                        "slug": f"lesson-{s}-{n}",
                        "body": sample_lesson_body(n),
                    }
                    for n in range(1, lessons_per_session + 1)
                ],
            }
            for s in range(1, sessions + 1)
        ],
    }
    if with_resources:
        package["resources"] = {
            "title": "Useful resources",
            "slug": "resources",
            "body": [
                {
                    "type": "resource_list",
                    "value": {
                        "heading": "Further reading",
                        "items": [
                            {
                                "title": "Scottish Recovery Network",
                                "description": "Stories and research about recovery.",
                                "kind": "website",
                                "url": "https://www.scottishrecovery.net/",
                            }
                        ],
                    },
                }
            ],
        }
    return package


def make_course(parent, *, live=True, **size):
    """Load a sample course of the given size under ``parent``; return its ``CoursePage``.

    Takes the arguments of ``sample_package``.
    """
    report = load_course(check_package(sample_package(**size)), parent, publish=live)
    return report.course
