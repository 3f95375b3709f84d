"""The template of every block's preview in the editor's block picker.

Wagtail's own preview template has no stylesheet; this one extends it with the
package's, so editors see a block as visitors will.
"""

PREVIEW_TEMPLATE = "wagtail_peersupport/blocks/preview.html"
