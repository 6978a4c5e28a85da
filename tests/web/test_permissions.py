"""Permission matrix: each role × each route, and restricted letters invisible everywhere."""
from __future__ import annotations

import pytest

from tests.web.conftest import csrf_token

USERS = ("admin", "arsiparis", "kadis", "kabid_a", "staf", "records")
OK, NO, HIDDEN, LOGIN = 200, 403, 404, 302

# route -> expected status per user (order of USERS)
PAGES = {
    "/": (OK, OK, OK, OK, OK, OK),
    "/documents/": (OK, OK, OK, OK, OK, OK),
    "/documents/upload": (OK, OK, NO, NO, OK, NO),
    "/search/?q=surat": (OK, OK, OK, OK, OK, OK),
    "/admin/users": (OK, NO, NO, NO, NO, NO),
    "/admin/org": (OK, NO, NO, NO, NO, NO),
    "/api/v1/documents": (OK, OK, OK, OK, OK, OK),
    "/api/v1/me": (OK, OK, OK, OK, OK, OK),
    "doc:biasa_a": (OK, OK, OK, OK, OK, OK),
    "doc:biasa_b": (OK, OK, OK, HIDDEN, HIDDEN, OK),
    "doc:rahasia_a": (HIDDEN, HIDDEN, OK, OK, HIDDEN, OK),
    "api:rahasia_a": (HIDDEN, HIDDEN, OK, OK, HIDDEN, OK),
    "orig:rahasia_a": (HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),  # readable ones: the factory stored no file
}


def _url(route: str, world) -> str:
    kind, _, name = route.partition(":")
    if not name:
        return route
    doc_id = world.docs[name]
    return {"doc": f"/documents/{doc_id}", "api": f"/api/v1/documents/{doc_id}", "orig": f"/documents/{doc_id}/original"}[kind]


@pytest.mark.parametrize("route", list(PAGES))
def test_matrix(as_user, world, route):
    got = tuple(as_user(user).get(_url(route, world)).status_code for user in USERS)
    assert got == PAGES[route], dict(zip(USERS, got))


@pytest.mark.parametrize("route", list(PAGES))
def test_anonymous_is_sent_to_login_or_refused(client, world, route):
    response = client.get(_url(route, world))
    expected = 401 if "/api/" in _url(route, world) else LOGIN
    assert response.status_code == expected


def test_field_edit_by_role(as_user, world):
    expected = {"admin": 302, "arsiparis": 302, "kadis": 403, "staf": 403, "records": 302}
    for user, status in expected.items():
        client = as_user(user)
        response = client.post(f"/documents/{world.docs['biasa_a']}/fields", data={"csrf_token": csrf_token(client), "version": "999"})
        assert response.status_code == status, user


def test_restricted_letters_absent_from_lists_and_counts(as_user, world):
    staf_list = as_user("staf").get("/api/v1/documents?per_page=100").json
    assert world.docs["rahasia_a"] not in {d["id"] for d in staf_list["documents"]}
    assert staf_list["total"] == len(staf_list["documents"])
    status = as_user("staf").get(f"/documents/status?ids={world.docs['rahasia_a']},{world.docs['biasa_a']}").json
    assert [d["id"] for d in status["documents"]] == [world.docs["biasa_a"]]
    search = as_user("staf").get("/api/v1/search?q=laporan").json
    assert search["total"] == 0
