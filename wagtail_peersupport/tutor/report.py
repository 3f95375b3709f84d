"""The import report: what each lesson was made from, and what an editor should check."""

from dataclasses import dataclass, field

__all__ = ["LessonReport", "SessionReport", "TutorImportReport"]


@dataclass
class LessonReport:
    """What happened to one lesson."""

    title: str
    source: str = ""  # the saved page it came from; empty for a placeholder
    layout: str = ""
    made: list = field(default_factory=list)  # "recovery_story ← blockquote after '…'"
    removed: list = field(default_factory=list)  # "script ×2 removed"
    check: list = field(default_factory=list)  # things not understood, or to review

    @property
    def placeholder(self):
        return not self.source


@dataclass
class SessionReport:
    number: int
    title: str
    placeholder_aim: bool = False
    notes: list = field(default_factory=list)
    lessons: list = field(default_factory=list)


@dataclass
class TutorImportReport:
    """Everything an editor needs to know to review an imported course."""

    course_title: str = ""
    course_title_from: str = ""
    pages: list = field(default_factory=list)  # (file name, layout, what it held)
    sessions: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def lessons(self):
        return [lesson for session in self.sessions for lesson in session.lessons]

    @property
    def placeholder_lessons(self):
        return [
            (session, lesson)
            for session in self.sessions
            for lesson in session.lessons
            if lesson.placeholder
        ]

    @property
    def placeholder_aims(self):
        return [session for session in self.sessions if session.placeholder_aim]

    def render(self):
        """The report as text, for the terminal or a file."""
        lines = [f"Course: {self.course_title!r} (title from {self.course_title_from})", ""]
        lines.append(f"Read {len(self.pages)} page(s):")
        lines += [f"  {name}: {layout}, {held}" for name, layout, held in self.pages]
        for note in self.notes:
            lines.append(f"Note: {note}")
        for session in self.sessions:
            lines += ["", f"Session {session.number}: {session.title}"]
            if session.placeholder_aim:
                lines.append("  aim: PLACEHOLDER (the topic had no summary): write the aim")
            lines += [f"  {note}" for note in session.notes]
            for lesson in session.lessons:
                lines += self._lesson_lines(lesson)
        lines += ["", *self._summary_lines()]
        return "\n".join(lines) + "\n"

    def _lesson_lines(self, lesson):
        if lesson.placeholder:
            return [
                f"  Lesson {lesson.title!r}: PLACEHOLDER, only listed in the course outline; "
                "its content was not imported"
            ]
        lines = [f"  Lesson {lesson.title!r} (from {lesson.source}, {lesson.layout})"]
        for heading, entries in (
            ("made", lesson.made),
            ("removed", lesson.removed),
            ("to check", lesson.check),
        ):
            if entries:
                lines.append(f"    {heading}:")
                lines += [f"      {entry}" for entry in entries]
        return lines

    def _summary_lines(self):
        lines = []
        placeholders = self.placeholder_lessons
        if placeholders:
            lines.append(
                f"{len(placeholders)} placeholder lesson(s), to be written or imported: each "
                "holds an 'important' note saying its content is missing:"
            )
            lines += [f"  Session {s.number}: {lesson.title}" for s, lesson in placeholders]
        aims = self.placeholder_aims
        if aims:
            lines.append(f"{len(aims)} session(s) with a placeholder aim:")
            lines += [f"  Session {s.number}: {s.title}" for s in aims]
        lines.append(
            "The course package has no per-page draft flag: load it without --publish and "
            "every page is saved as a draft to review in the admin."
        )
        return lines
