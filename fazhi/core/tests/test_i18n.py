"""The English catalog (fazhi/locale/en): complete, compiled, in step with the source, and used on switching.

Chinese is the source language; `bash scripts/messages` re-extracts and compiles the catalog.
"""

import ast
import re
import subprocess
from functools import cache
from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
FIX = "run `bash scripts/messages`, translate the new entries in fazhi/locale/en/LC_MESSAGES/django.po, " \
      "then run it again to compile django.mo"


@cache
def catalog() -> polib.POFile:
    return polib.pofile(str(MESSAGES / "django.po"))


def entries() -> list[polib.POEntry]:
    return [e for e in catalog() if not e.obsolete]


def where(e: polib.POEntry) -> str:
    return f"{e.msgid!r} ({', '.join(f'{f}:{n}' for f, n in e.occurrences[:2])})"


def test_header_declares_english_plurals():
    meta = catalog().metadata
    assert meta["Language"] == "en"
    assert meta["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    assert "charset=UTF-8" in meta["Content-Type"]


def test_catalog_covers_every_app():
    apps = {f.split("/")[1] for e in entries() for f, _line in e.occurrences if f.startswith("fazhi/")}
    assert {"core", "calendar", "procedures", "figures", "imports", "portal", "templates"} <= apps
    assert len(entries()) > 500
    # The extraction ignores tests, the virtualenv and scratch directories.
    assert not [f for e in entries() for f, _line in e.occurrences
                if "/tests/" in f or f.startswith((".venv", "var/", "bench/"))]


def test_every_entry_is_translated_and_not_fuzzy():
    bad = []
    for e in entries():
        if "fuzzy" in e.flags:
            bad.append(f"fuzzy: {where(e)}")
        elif e.msgid_plural:
            if sorted(e.msgstr_plural) != [0, 1] or not all(v.strip() for v in e.msgstr_plural.values()):
                bad.append(f"plural forms missing: {where(e)}")
        elif not e.msgstr.strip():
            bad.append(f"untranslated: {where(e)}")
    assert not bad, f"{len(bad)} entries need a translator ({FIX}):\n" + "\n".join(bad[:30])


PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def test_translations_keep_the_placeholders():
    bad = []
    for e in entries():
        pairs = ([(e.msgid, e.msgstr_plural.get(0, "")), (e.msgid_plural, e.msgstr_plural.get(1, ""))]
                 if e.msgid_plural else [(e.msgid, e.msgstr)])
        for src, dst in pairs:
            if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(dst)):
                bad.append(f"{src!r} → {dst!r}")
    assert not bad, "\n".join(bad)


def test_compiled_catalog_matches_the_po():
    """A stale django.mo (the .po edited, not recompiled) shows up as a mismatch here."""
    assert (MESSAGES / "django.mo").is_file(), FIX
    bad = []
    with translation.override("en"):
        for e in entries():
            if e.msgid_plural:
                for n, form in ((1, 0), (2, 1)):
                    got = (translation.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) if e.msgctxt
                           else translation.ngettext(e.msgid, e.msgid_plural, n))
                    if got != e.msgstr_plural.get(form):
                        bad.append(f"{where(e)} [n={n}]: .mo gives {got!r}")
            else:
                got = (translation.pgettext(e.msgctxt, e.msgid) if e.msgctxt
                       else translation.gettext(e.msgid))
                if got != e.msgstr:
                    bad.append(f"{where(e)}: .mo gives {got!r}, .po says {e.msgstr!r}")
    assert not bad, f"django.mo is out of date ({FIX}):\n" + "\n".join(bad[:30])


def test_chinese_stays_the_source_language():
    with translation.override("zh-hans"):
        assert translation.gettext("工作台") == "工作台"
    with translation.override("en"):
        assert translation.gettext("工作台") == "Dashboard"
        assert translation.ngettext("共 %(n)s 条", "共 %(n)s 条", 1) % {"n": 1} == "1 record"
        assert translation.ngettext("共 %(n)s 条", "共 %(n)s 条", 3) % {"n": 3} == "3 records"


# --- every literal the source wraps in gettext is in the catalog ---------------------------------------

# Positions of (context, singular, plural) in each gettext function's arguments.
GETTEXT_ARGS = {
    "gettext": (None, 0, None), "gettext_lazy": (None, 0, None), "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1), "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None), "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2), "npgettext_lazy": (0, 1, 2),
}


def source_files(pattern: str) -> list[Path]:
    return [p for p in sorted((ROOT / "fazhi").rglob(pattern))
            if "tests" not in p.relative_to(ROOT).parts and "migrations" not in p.relative_to(ROOT).parts]


def python_messages(path: Path) -> tuple[dict[tuple[str | None, str], str], list[str]]:
    """(context, msgid) → where, for every literal in a gettext call; and the calls that cannot be extracted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {}  # local name → gettext function, from `from django.utils.translation import x as y`
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names.update({a.asname or a.name: a.name for a in node.names if a.name in GETTEXT_ARGS})
    found, problems = {}, []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names):
            continue
        ctx_at, msg_at, _plural_at = GETTEXT_ARGS[names[node.func.id]]
        if len(node.args) <= msg_at:
            continue
        arg = node.args[msg_at]
        here = f"{path.relative_to(ROOT)}:{node.lineno}"
        if isinstance(arg, ast.JoinedStr) or (
                isinstance(arg, ast.BinOp) and isinstance(arg.left, (ast.Constant, ast.JoinedStr))):
            problems.append(f"{here}: the message is built before translation (f-string or % inside the call)")
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            ctx = node.args[ctx_at] if ctx_at is not None else None
            ctx_value = ctx.value if isinstance(ctx, ast.Constant) else None
            # xgettext knows only the standard names and `_`: a string behind another alias (e.g. `_lazy`)
            # is in the catalog only if it is also written somewhere else.
            hint = "" if node.func.id in {"_", *GETTEXT_ARGS} else \
                f" (called as {node.func.id}(), which xgettext does not extract: import it as _ instead)"
            found[(ctx_value, arg.value)] = f"{here}: {arg.value!r}{hint}"
    return found, problems


TRANSLATE_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+context\s+(["'])(.*?)\3)?""")
UNDERSCORE = re.compile(r"""\b_\((["'])(.*?)\1\)""")


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    text = path.read_text(encoding="utf-8")
    found = {(m.group(4), m.group(2)) for m in TRANSLATE_TAG.finditer(text)}
    found |= {(None, m.group(2)) for m in UNDERSCORE.finditer(text)}
    return found


def test_every_source_string_is_in_the_catalog():
    """Catches a string added to the code without re-running scripts/messages (it would stay Chinese)."""
    known = {(e.msgctxt, e.msgid) for e in entries()} | {(e.msgctxt, e.msgid_plural) for e in entries()}
    missing, problems = [], []
    for path in source_files("*.py"):
        found, trouble = python_messages(path)
        problems += trouble
        missing += [at for key, at in found.items() if key not in known]
    for path in source_files("*.html") + source_files("*.txt"):
        missing += [f"{path.relative_to(ROOT)}: {m!r}" for c, m in sorted(template_messages(path), key=str)
                    if (c, m) not in known and (c, m.replace("%", "%%")) not in known]
    assert not problems, "gettext calls xgettext cannot extract:\n" + "\n".join(problems)
    assert not missing, f"strings missing from the catalog ({FIX}):\n" + "\n".join(missing[:30])


def test_source_scan_sees_fstrings_and_aliases(tmp_path, monkeypatch):
    """The scanner above must be able to fail: an f-string or an unknown alias inside gettext is reported."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    bad = tmp_path / "bad.py"
    bad.write_text("from django.utils.translation import gettext as _, gettext_lazy as _lazy\n"
                   "x = 1\n_(f'共 {x} 条')\n_lazy('有效')\n_('工作台')\n", encoding="utf-8")
    found, problems = python_messages(bad)
    assert set(found) == {(None, "有效"), (None, "工作台")}
    assert "called as _lazy()" in found[(None, "有效")] and "called as" not in found[(None, "工作台")]
    assert [p.split(":")[1] for p in problems] == ["3"]


# --- the language switcher -----------------------------------------------------------------------------

def test_staff_home_is_chinese_by_default_and_english_after_switching(tree, client_as):
    client = client_as(tree.coordinator_a)
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "工作台" in page and "法治政府建设平台" in page
    assert "Dashboard" not in page
    # An English browser still gets Chinese: only the switcher changes the language.
    assert "工作台" in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Dashboard" in page and "Rule-of-Law Government Platform" in page and "My deadlines" in page
    assert "工作台" not in page and "法治政府建设平台" not in page
    assert 'value="zh-hans"' in page and "简体中文" in page  # the way back is labelled in Chinese

    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("home")})
    assert "工作台" in client.get(reverse("home")).content.decode()


def test_login_page_follows_the_language_too(client):
    assert "登录" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login")).content.decode()
    assert "Log in" in page and "登录" not in page


def test_messages_script_is_valid_bash():
    script = ROOT / "scripts" / "messages"
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    assert "makemessages -l en" in script.read_text() and "compilemessages -l en" in script.read_text()
