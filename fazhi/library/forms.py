from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.rulemaking.models import COMMENT_MAX

HONEYPOT = "website"


class CommentForm(forms.Form):
    """A comment from the public on a draft. `website` is a honeypot: people never see it, bots fill it."""

    name = forms.CharField(label=_("姓名或单位"), max_length=50, required=False,
                           help_text=_("选填；意见公开时一并显示"),
                           error_messages={"max_length": _("姓名或单位不得超过%(limit_value)d个字。")})
    contact = forms.CharField(label=_("联系方式"), max_length=100, required=False,
                              help_text=_("选填；仅起草单位可见，不会公开"),
                              error_messages={"max_length": _("联系方式不得超过%(limit_value)d个字。")})
    content = forms.CharField(
        label=_("意见内容"), max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("请填写意见内容。"),
                        "max_length": _("意见内容不得超过%(limit_value)d个字（现有%(show_value)d个字）。")})
    website = forms.CharField(label=_("请勿填写此项"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].help_text = gettext("不超过%(n)d个字；经起草单位审核后公开。") % {"n": COMMENT_MAX}

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())
