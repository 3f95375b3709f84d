"""The page form course pages use: it refuses a workflow approval that would publish a
page whose recovery stories are waiting for consent."""

from wagtail.admin.forms import WagtailAdminPageForm

from .guard import approval_would_publish, refusal_message
from .stories import stories_in_fields

__all__ = ["ConsentPageForm"]


class ConsentPageForm(WagtailAdminPageForm):
    """``WagtailAdminPageForm``, checking consent when an approval would publish.

    A site giving its own course page type a ``base_form_class`` should subclass
    this form to keep the check.
    """

    def approving_to_publish(self):
        data = self.data
        approving = data.get("action-workflow-action") and (
            data.get("workflow-action-name") == "approve"
        )
        return bool(approving and self.instance.pk and approval_would_publish(self.instance))

    def clean(self):
        cleaned_data = super().clean()
        if self.approving_to_publish():
            stories = stories_in_fields(type(self.instance), cleaned_data)
            if stories:
                self.add_error(None, refusal_message(stories))
        return cleaned_data
