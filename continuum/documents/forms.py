"""Upload forms: a new document, a new version, and the attachment fields that other forms
(an answer to a request for information, a staff message) include."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from continuum.core.policy import Audience

from .choices import DocumentKind, visibility_label
from .services import Upload
from .validation import ACCEPT, inspect_upload, max_upload_bytes


class DocumentFileInput(forms.FileInput):
    template_name = "documents/widgets/file_input.html"

    def __init__(self, attrs=None):
        super().__init__({"accept": ACCEPT, **(attrs or {})})


def _file_hint() -> str:
    return _(
        "A PDF, Word document, Excel spreadsheet, CSV, Parquet or text file, or PNG or JPEG image, "
        "up to %(limit)s."
    ) % {"limit": filesizeformat(max_upload_bytes())}


class DocumentFileField(forms.FileField):
    """A file checked by its content (`inspect_upload`); refusals are this field's errors."""

    widget = DocumentFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("File"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Choose a file to upload."),
                "empty": _("The file you chose is empty (0 bytes). Check it and choose it again."),
                "invalid": _("No file arrived. Choose the file again."),
            },
        )
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            inspect_upload(upload)
        return upload


class _HintMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, DocumentFileField) and not field.help_text:
                field.help_text = _file_hint()


class DocumentUploadForm(_HintMixin, forms.Form):
    """A new document on a request, message or engagement."""

    file = DocumentFileField()
    kind = forms.ChoiceField(
        label=_("What kind of document is it?"),
        choices=DocumentKind.choices,
        initial=DocumentKind.OTHER,
        error_messages={
            "required": _("Choose what kind of document this is."),
            "invalid_choice": _("Choose what kind of document this is."),
        },
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        help_text=_("How people will see the document listed. Leave empty to use the file's name."),
        required=False,
        max_length=150,
    )
    visibility = forms.TypedChoiceField(
        label=_("Who may see it?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who may see the document."),
            "invalid_choice": _("Choose who may see the document."),
        },
    )

    def __init__(self, *args, visibilities: list[Audience] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        visibilities = visibilities or [Audience.STAFF | Audience.AGENCY]
        if len(visibilities) == 1:
            del self.fields["visibility"]
            self.only_visibility = int(visibilities[0])
        else:
            self.only_visibility = None
            self.fields["visibility"].choices = [
                (int(v), visibility_label(int(v))) for v in visibilities
            ]
            self.fields["visibility"].initial = int(visibilities[0])

    def upload(self) -> Upload:
        data = self.cleaned_data
        return Upload(
            file=data["file"],
            kind=data["kind"],
            name=data.get("name", ""),
            visibility=data.get("visibility", self.only_visibility),
        )


class DocumentVersionForm(_HintMixin, forms.Form):
    file = DocumentFileField(label=_("The new version"))


class AttachmentFields(_HintMixin, forms.Form):
    """An optional file and its kind, added to a form that sends text (an answer, a message).

    The form's view must be given `request.FILES` and its `<form>` `enctype="multipart/form-data"`.
    """

    attachment = DocumentFileField(label=_("Attach a file (optional)"), required=False)
    attachment_kind = forms.ChoiceField(
        label=_("What kind of document is the file?"),
        choices=DocumentKind.choices,
        initial=DocumentKind.OTHER,
        required=False,
    )

    ATTACHMENT_FIELDS = ("attachment", "attachment_kind")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The file comes after the text it goes with.
        rest = [name for name in self.fields if name not in self.ATTACHMENT_FIELDS]
        self.order_fields([*rest, *self.ATTACHMENT_FIELDS])

    def clean_attachment_kind(self) -> str:
        return self.cleaned_data.get("attachment_kind") or DocumentKind.OTHER

    def attachment_upload(self) -> Upload | None:
        file = self.cleaned_data.get("attachment")
        if not file:
            return None
        return Upload(file=file, kind=self.cleaned_data.get("attachment_kind") or "other")
