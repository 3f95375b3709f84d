"""The phrases safe-messaging guidance asks writers to avoid, per language.

Each entry names the phrases (any of them is a match), what to write instead and
why. The shipped list follows the Samaritans' media guidelines for reporting
suicide and self-harm, and common guidance on person-first language. A site
changes it with ``WAGTAIL_PEERSUPPORT_SAFE_MESSAGING_PHRASES`` (see ``conf``).
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .. import conf

__all__ = ["SHIPPED_PHRASES", "PhraseEntry", "phrase_entries", "configured_languages"]

SETTING = "WAGTAIL_PEERSUPPORT_SAFE_MESSAGING_PHRASES"

COMMITTED_WHY = _(
    "“Committed” suggests a crime or a sin. It adds to the stigma that stops people "
    "asking for help."
)
OUTCOME_WHY = _(
    "Calling a death a success, or surviving a failure, presents suicide as something to achieve."
)

SHIPPED_PHRASES = {
    "en": [
        {
            "id": "committed-suicide",
            "phrases": [
                "committed suicide",
                "commit suicide",
                "commits suicide",
                "committing suicide",
            ],
            "instead": _("Write “died by suicide” or “took their own life”."),
            "why": COMMITTED_WHY,
        },
        {
            "id": "successful-suicide",
            "phrases": [
                "successful suicide",
                "failed suicide",
                "unsuccessful suicide",
                "suicide attempt was successful",
                "suicide attempt was unsuccessful",
            ],
            "instead": _("Write “died by suicide”, or “survived a suicide attempt”."),
            "why": OUTCOME_WHY,
        },
        {
            "id": "suffers-from",
            "phrases": [
                "suffers from",
                "suffering from",
                "suffer from",
                "suffered from",
                "a sufferer of",
                "sufferers",
            ],
            "instead": _("Write “lives with”, “has” or “experiences”."),
            "why": _(
                "“Suffering” casts people as victims and their lives as nothing but their "
                "illness. Many people live well with a mental health problem."
            ),
        },
        {
            "id": "mentally-ill",
            "phrases": ["the mentally ill", "mentally ill"],
            "instead": _(
                "Use person-first language, e.g. “a person with a mental health problem”."
            ),
            "why": _("It defines people by a diagnosis and sets them apart from everyone else."),
        },
        {
            "id": "suicide-epidemic",
            "phrases": ["suicide epidemic", "epidemic of suicide", "epidemic of suicides"],
            "instead": _("Give the figures and their source, e.g. “a rise in suicides”."),
            "why": _(
                "Sensational words make suicide seem common or inevitable, which can raise "
                "the risk for people who are vulnerable."
            ),
        },
        {
            "id": "schizophrenic",
            "phrases": ["schizophrenic", "schizophrenics"],
            "instead": _("Write “a person with schizophrenia”."),
            "why": _(
                "It reduces a person to a diagnosis; used loosely, it also gets schizophrenia "
                "wrong."
            ),
        },
        {
            "id": "manic-depressive",
            "phrases": ["a manic depressive", "manic depressive", "manic depressives"],
            "instead": _("Write “a person with bipolar disorder”."),
            "why": _("It is an outdated label that defines someone by a diagnosis."),
        },
    ],
    "cy": [
        {
            "id": "cyflawni-hunanladdiad",
            "phrases": [
                "cyflawni hunanladdiad",
                "gyflawni hunanladdiad",
                "cyflawnodd hunanladdiad",
                "gyflawnodd hunanladdiad",
            ],
            "instead": _("Write “marw drwy hunanladdiad”."),
            "why": COMMITTED_WHY,
        },
    ],
    "es": [
        {
            "id": "cometio-suicidio",
            "phrases": [
                "cometió suicidio",
                "cometer suicidio",
                "comete suicidio",
                "cometen suicidio",
                "cometieron suicidio",
            ],
            "instead": _("Write “murió por suicidio”."),
            "why": COMMITTED_WHY,
        },
        {
            "id": "suicidio-exitoso",
            "phrases": [
                "suicidio exitoso",
                "suicidio fallido",
                "intento fallido de suicidio",
                "intento de suicidio fallido",
            ],
            "instead": _("Write “murió por suicidio”, or “sobrevivió a un intento de suicidio”."),
            "why": OUTCOME_WHY,
        },
    ],
    "ar": [
        {
            "id": "irtakaba-al-intihar",
            "phrases": ["ارتكب الانتحار", "ارتكبت الانتحار", "ارتكاب الانتحار"],
            "instead": _("Write “توفي منتحرًا” or “مات انتحارًا”."),
            "why": COMMITTED_WHY,
        },
    ],
}


@dataclass(frozen=True)
class PhraseEntry:
    """Phrases to avoid in one language, with what to write instead and why."""

    language: str
    id: str
    phrases: tuple
    instead: str
    why: str

    @property
    def rule_id(self):
        """The id of the check for these phrases, e.g. ``peersupport-phrase-en-mentally-ill``."""
        return f"peersupport-phrase-{self.language}-{self.id}"

    @property
    def title(self):
        return _("Avoid “%(phrase)s”") % {"phrase": self.phrases[0]}


def _slug(name):
    # Ids go into CSS selectors and axe rule ids: ASCII, even for Arabic phrases.
    return slugify(name) or "p" + hashlib.sha1(str(name).encode()).hexdigest()[:10]  # noqa: S324


def _entry(language, data, where):
    if not isinstance(data, dict) or not data.get("phrases"):
        raise ImproperlyConfigured(f"{SETTING}[{where!r}]: each entry needs a list of 'phrases'.")
    phrases = data["phrases"]
    if isinstance(phrases, str):
        phrases = [phrases]
    return PhraseEntry(
        language=language,
        id=_slug(data.get("id") or phrases[0]),
        phrases=tuple(str(phrase) for phrase in phrases),
        instead=data.get("instead", ""),
        why=data.get("why", ""),
    )


def _apply(entries, language, change, where):
    if not isinstance(change, dict) or set(change) - {"replace", "extend", "remove"}:
        raise ImproperlyConfigured(
            f"{SETTING}[{where!r}] must be a dict with 'replace', 'extend' and/or 'remove'."
        )
    if "replace" in change:
        entries = [_entry(language, data, where) for data in change["replace"]]
    removed = {_slug(name) for name in change.get("remove", ())}
    entries = [entry for entry in entries if entry.id not in removed]
    for data in change.get("extend", ()):
        added = _entry(language, data, where)
        entries = [entry for entry in entries if entry.id != added.id] + [added]
    return entries


def phrase_entries(language_code):
    """The phrases to avoid in ``language_code``, shipped then as the setting changes them.

    A regional code ("en-gb") takes its language's entries ("en"), then any the setting
    gives for the region itself.
    """
    language = (language_code or "").lower()
    base = language.split("-")[0]
    changes = conf.safe_messaging_phrases()
    entries = [_entry(base, data, base) for data in SHIPPED_PHRASES.get(base, ())]
    for code in dict.fromkeys((base, language)):
        if code in changes:
            entries = _apply(entries, base, changes[code], code)
    return entries


def configured_languages():
    """Every language the shipped list or the setting has phrases for."""
    return sorted({*SHIPPED_PHRASES, *conf.safe_messaging_phrases()})
