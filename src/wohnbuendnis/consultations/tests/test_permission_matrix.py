"""Every page of the consultations × every persona of the demo (and the public).

The personas are the demo logins of every role (named after it, ``Role.values``): the job
centre, the social welfare office and the data-protection officer are members like the others
(``is_member``), their organisations invited as every member organisation; the allowed sets
follow ``consultations/rules.py``."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.consultations.models import Consultation, ConsultationStatus, StatementVersion

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("consultations")]

KO, VE, PUB = "koordination", "vermieter", "oeffentlichkeit"
MEMBERS = set(Role.values)  # the demo logins are named after the roles
ALL = MEMBERS | {PUB}


def _login(client, name: str) -> None:
    client.logout()
    if name != PUB:
        client.force_login(User.objects.get(username=name))


def _expected(name: str, allowed: set[str]) -> int:
    return 200 if name in allowed else (302 if name == PUB else 403)


@pytest.fixture
def demo(demo_alliance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    published = Consultation.objects.get(status=ConsultationStatus.PUBLISHED)
    published.document.save("entwurf.pdf", ContentFile(b"%PDF-1.4 Entwurf"), save=True)
    published.document_name = "entwurf.pdf"
    published.save(update_fields=["document_name"])
    open_ = Consultation.objects.get(status=ConsultationStatus.OPEN)
    open_.document.save("thesen.pdf", ContentFile(b"%PDF-1.4 Thesen"), save=True)
    open_.document_name = "thesen.pdf"
    open_.save(update_fields=["document_name"])
    versions = {}
    for key, consultation, short in [
        ("open_gwm", open_, "GWM"), ("internal_gwm", published, "GWM"),
        ("public_mieterbund", published, "Mieterbund"),
    ]:  # fmt: skip
        version = (
            StatementVersion.objects.filter(
                statement__consultation=consultation, statement__organisation__short_name=short
            )
            .order_by("-number")
            .first()
        )
        version.attachment.save("anlage.pdf", ContentFile(b"%PDF-1.4 Anlage"), save=False)
        version.attachment_name = "anlage.pdf"
        version.save()
        versions[key] = version.pk
    return demo_alliance, published, open_, versions


def test_every_page_opens_only_for_the_personas_that_may_see_it(client, demo):
    alliance, published, open_, versions = demo
    url = reverse
    pages = {
        "list": (url("consultations:list", args=[alliance.slug]), MEMBERS),
        "create": (url("consultations:create", args=[alliance.slug]), {KO}),
        "public list": (url("consultations:public_list", args=[alliance.slug]), ALL),
        "detail open": (url("consultations:detail", args=[open_.pk]), MEMBERS),
        "detail published": (url("consultations:detail", args=[published.pk]), MEMBERS),
        "sections": (url("consultations:sections", args=[open_.pk]), {KO}),
        # every member organisation is invited, and every persona works for one
        "statement": (url("consultations:statement", args=[open_.pk]), MEMBERS),
        "synopsis open": (url("consultations:synopsis", args=[open_.pk]), {KO}),
        "synopsis published": (url("consultations:synopsis", args=[published.pk]), {KO}),
        "xlsx open": (url("consultations:download", args=[open_.pk, "xlsx"]), {KO}),
        "docx published": (url("consultations:download", args=[published.pk, "docx"]), ALL),
        "xlsx published": (url("consultations:download", args=[published.pk, "xlsx"]), ALL),
        "public synopsis": (url("consultations:public_synopsis", args=[published.pk]), ALL),
        "public synopsis unpublished": (
            url("consultations:public_synopsis", args=[open_.pk]),
            set(),
        ),
        "draft of open": (url("consultations:document", args=[open_.pk]), MEMBERS),
        "draft of published": (url("consultations:document", args=[published.pk]), ALL),
        "attachment open": (url("consultations:attachment", args=[versions["open_gwm"]]), {KO, VE}),
        "attachment internal": (
            url("consultations:attachment", args=[versions["internal_gwm"]]),
            {KO, VE},
        ),
        "attachment public": (
            url("consultations:attachment", args=[versions["public_mieterbund"]]),
            ALL,
        ),
    }
    for name in sorted(ALL):
        _login(client, name)
        for page, (address, allowed) in pages.items():
            response = client.get(address)
            # read a file's stream to its end: the test client then closes it and keeps the
            # database connection (response.close() would end it on PostgreSQL)
            response.getvalue()
            assert response.status_code == _expected(name, allowed), (name, page)


def test_a_draft_is_seen_by_koordination_only(client, demo, koordination):
    alliance, _published, open_, _versions = demo
    Consultation.objects.filter(pk=open_.pk).update(status=ConsultationStatus.DRAFT)
    address = reverse("consultations:detail", args=[open_.pk])
    for name in sorted(ALL):
        _login(client, name)
        assert client.get(address).status_code == _expected(name, {KO}), name
        listed = client.get(reverse("consultations:list", args=[alliance.slug]))
        if name in MEMBERS:
            assert ("Junges Wohnen" in listed.text) == (name == KO), name


def test_only_koordination_changes_the_state(client, demo):
    _alliance, published, open_, _versions = demo
    posts = [
        reverse("consultations:open", args=[open_.pk]),
        reverse("consultations:close", args=[open_.pk]),
        reverse("consultations:publish", args=[open_.pk]),
        reverse("consultations:synopsis", args=[published.pk]),
        reverse("consultations:sections", args=[open_.pk]),
        reverse("consultations:create", args=[_alliance.slug]),
    ]
    for name in sorted(ALL - {KO}):
        _login(client, name)
        for address in posts:
            assert client.post(address, {}).status_code == (302 if name == PUB else 403), (
                name, address,
            )  # fmt: skip
    assert Consultation.objects.get(pk=open_.pk).status == ConsultationStatus.OPEN
    _login(client, KO)
    assert client.post(posts[1]).status_code == 302
    assert Consultation.objects.get(pk=open_.pk).status == ConsultationStatus.CLOSED


def test_the_public_synopsis_hides_internal_texts_and_the_full_one_shows_them(client, demo):
    _alliance, published, _open, _versions = demo
    internal_text = "Die Zielzahl von 650 Wohnungen im Jahr setzt verfügbares Bauland voraus"
    public_text = "Der Mietspiegel sollte qualifiziert"
    client.logout()
    page = client.get(reverse("consultations:public_synopsis", args=[published.pk])).text
    assert public_text in page and internal_text not in page
    assert "nicht öffentliche Stellungnahme" in page
    assert "Gemeinnützige Wohnungsbaugesellschaft Musterstadt mbH" in page
    assert "Klimaschutzkonzept" not in page  # nor the reason of the response to it
    public_xlsx = client.get(reverse("consultations:download", args=[published.pk, "docx"]))
    assert internal_text.encode() not in _docx_text(public_xlsx.content).encode()
    _login(client, KO)
    full = client.get(reverse("consultations:synopsis", args=[published.pk])).text
    assert internal_text in full and public_text in full
    word = client.get(reverse("consultations:download", args=[published.pk, "docx"]))
    assert internal_text in _docx_text(word.content)


def _docx_text(content: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
