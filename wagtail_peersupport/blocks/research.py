"""Blocks that present evidence: research findings and the figures behind them."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .links import LinkBlock
from .previews import PREVIEW_TEMPLATE
from .text import ParagraphBlock

__all__ = ["FigureBlock", "ResearchFindingBlock"]


class FigureBlock(blocks.StructBlock):
    """One figure from a study, and what it measures."""

    figure = blocks.CharBlock(
        label=_("Figure"),
        max_length=50,
        help_text=_("The number itself, as readers should see it, e.g. '68%' or 'Two-thirds'."),
    )
    measure = blocks.CharBlock(
        label=_("What it measures"),
        max_length=500,
        help_text=_("e.g. 'were functioning above a level of mild impairment'."),
    )

    class Meta:
        icon = "order"
        label = _("Figure")


class ResearchFindingBlock(blocks.StructBlock):
    """A study's findings: key figures, what they mean, and the citation."""

    study = blocks.CharBlock(
        label=_("Study"),
        required=False,
        default="",
        max_length=255,
        help_text=_("Optional. The name of the study, e.g. 'Vermont Longitudinal Study'."),
    )
    summary = ParagraphBlock(
        label=_("Summary"),
        required=False,
        help_text=_("Optional. What the study did and why its findings matter."),
    )
    figures = blocks.ListBlock(
        FigureBlock(),
        label=_("Key figures"),
        min_num=1,
        help_text=_("The figures to highlight, each with what it measures."),
    )
    citation = blocks.CharBlock(
        label=_("Citation"),
        max_length=255,
        help_text=_("Who published it and when, e.g. 'Harding et al 1987'."),
    )
    source_url = LinkBlock(
        label=_("Link to the study"),
        required=False,
        default="",
        help_text=_("Optional. Where readers can find the study."),
    )

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "pick"
        label = _("Research finding")
        template = "wagtail_peersupport/blocks/research_finding.html"
        description = _("Key figures from a piece of research, with its citation.")
        preview_value = {
            "study": _("Vermont Longitudinal Study"),
            "figures": [
                {"figure": "262", "measure": _("previously long-stay patients were followed up")},
                {"figure": "68%", "measure": _("were functioning above mild impairment")},
            ],
            "citation": "Harding et al 1987",
        }
