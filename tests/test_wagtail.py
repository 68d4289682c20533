"""wagtail-localize integration in a real minimal Wagtail project (SQLite), created by the test.

(a) wagtail-localize's own ``LibreTranslator`` pointed at a running ``l10n serve``: no glue code.
(b) ``l10n.integrations.wagtail.L10nTranslator`` in-process.
Both go through wagtail-localize's "machine translate" admin view, then ``save_target``.
"""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

pytest.importorskip("wagtail", reason="wagtail is not installed (pip install wagtail wagtail-localize)")
pytest.importorskip("wagtail_localize", reason="wagtail-localize is not installed (pip install wagtail-localize)")

from service_helpers import l10n_server  # noqa: E402

# Sentences from the test packages' fixture corpus (tests/fixtures/corpus), so the tiny models know them.
TITLE = "Kharkiv rebuilds as talks resume in Istanbul"
SOURCE_BODY = ("<p>Kharkiv rebuilds as talks resume in <b>Istanbul</b></p><p>Russia launched 117 drones and four "
               "missiles at Ukraine overnight, the Ukrainian air force said on Monday.</p>")
GLOSSARY = """terms:
  - id: istanbul
    type: place
    en: {term: Istanbul}
    uk: {term: Істанбул, variants: [Стамбул]}
    ru: {term: Стамбул}
    tr: {term: İstanbul}
"""

SETTINGS = """
SECRET_KEY = "test-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "newsapp",
    "wagtail_localize", "wagtail_localize.locales",
    "wagtail.users", "wagtail.snippets", "wagtail.documents", "wagtail.images", "wagtail.search",
    "wagtail.admin", "wagtail", "modelcluster", "taggit",
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "newsurls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB_PATH}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
USE_I18N = True
LANGUAGE_CODE = "en"
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("uk", "Ukrainian")]
STATIC_URL = "/static/"
WAGTAIL_SITE_NAME = "news"
WAGTAILADMIN_BASE_URL = "http://localhost"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
"""

MODELS = """
from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticlePage(Page):
    body = RichTextField(blank=True)
    content_panels = Page.content_panels + ["body"]
"""

URLS = """
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [path("admin/", include(wagtailadmin_urls))]
"""


@pytest.fixture(scope="module")
def home(module_home):
    return module_home


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Write the project, ``django.setup()``, migrate (once per test process)."""
    import django
    from django.conf import settings as dj_settings
    root = tmp_path_factory.mktemp("wagtail-project")
    (root / "newsapp").mkdir()
    (root / "newsapp" / "__init__.py").write_text("")
    (root / "newsapp" / "models.py").write_text(textwrap.dedent(MODELS))
    (root / "newsurls.py").write_text(textwrap.dedent(URLS))
    (root / "newssettings.py").write_text(f"DB_PATH = {str(root / 'db.sqlite3')!r}\n" + SETTINGS)
    sys.path.insert(0, str(root))
    if not dj_settings.configured:
        os.environ["DJANGO_SETTINGS_MODULE"] = "newssettings"
        django.setup()
    from django.core.management import call_command
    call_command("makemigrations", "newsapp", verbosity=0)
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale
    Locale.objects.get_or_create(language_code="uk")
    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    return root


def machine_translate_page(slug: str, translator_setting: dict):
    """Create a page, start its uk translation and press wagtail-localize's "Translate with ..." button."""
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings
    from django.urls import reverse
    from wagtail.models import Locale, Page
    from wagtail_localize.models import Translation, TranslationSource
    from newsapp.models import ArticlePage

    root = Page.get_first_root_node()
    page = root.add_child(instance=ArticlePage(title=TITLE, slug=slug, body=SOURCE_BODY))
    source, _ = TranslationSource.get_or_create_from_instance(page)
    uk = Locale.objects.get(language_code="uk")
    translation = Translation.objects.create(source=source, target_locale=uk)
    translation.save_target(user=None, publish=True)  # the uk page exists (with English text) before MT
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor"))
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=translator_setting):
        response = client.post(reverse("wagtail_localize:machine_translate", args=[translation.id]),
                               {"next": "/admin/"})
    assert response.status_code == 302, response.content[:500]
    translation.save_target(user=None, publish=True)
    return page, page.get_translation(uk).specific


def assert_translated(source, translated):
    assert translated.locale.language_code == "uk"
    assert translated.title.startswith("Харків"), translated.title
    body = str(translated.body)
    assert body.count("<p>") == 2 and body.count("<b>") == 1 and body.count("</b>") == 1, body
    assert "Харків" in body and "117 дронів" in body and "Russia" not in body, body
    return body


def test_wagtail_localize_libretranslator_against_l10n_serve(project, home):
    with l10n_server(home) as base:
        setting = {"CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
                   "OPTIONS": {"LIBRETRANSLATE_URL": base, "API_KEY": ""}}
        source, translated = machine_translate_page("via-libretranslate", setting)
    assert_translated(source, translated)


def test_native_l10n_translator_with_glossary(project, home, tmp_path):
    from wagtail.models import Locale
    from l10n.integrations.wagtail import L10nTranslator
    glossary = tmp_path / "places.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    options = {"HOME": str(home), "GLOSSARIES": [str(glossary)]}
    translator = L10nTranslator(options)
    en, uk = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="uk")
    assert translator.can_translate(en, uk) and not translator.can_translate(en, en)
    setting = {"CLASS": "l10n.integrations.wagtail.L10nTranslator", "OPTIONS": options}
    source, translated = machine_translate_page("native", setting)
    body = assert_translated(source, translated)
    assert "Істанбулі" in body and "Стамбул" not in body  # the glossary form, in the locative case
