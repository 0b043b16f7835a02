from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_MB = settings.FAZHI["ATTACHMENT_MAX_MB"]


class TransitionForm(forms.Form):
    comment = forms.CharField(label=_("办理意见"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("办理日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                         help_text=_("补录纸质办理时填写实际日期；留空为今天"))


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("附件类型"))
    file = forms.FileField(label=_("文件"))

    def __init__(self, *args: Any, procedure: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = procedure.attachment_kinds if procedure else ()
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds if k.uploaded]

    def clean_file(self) -> Any:
        from fazhi.procedures.services import check_upload

        f = self.cleaned_data["file"]
        try:
            check_upload(f)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["file"]) from None
        return f
