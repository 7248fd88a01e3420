"""Annotator accounts for the `labelstudio` tests (importable by name, unlike conftest)."""

from __future__ import annotations

import httpx

ANNOTATOR_PASSWORD = "Bohai-annotator-2026"


def signup(url: str, email: str, password: str, invite: str | None = None) -> str:
    """Sign a user up through the web form, as an annotator would, and return their API token."""
    page = f"/user/signup/?token={invite}" if invite else "/user/signup/"
    with httpx.Client(base_url=url, timeout=30) as web:
        web.get(page)
        form = {
            "email": email,
            "password": password,
            "csrfmiddlewaretoken": web.cookies["csrftoken"],
        }
        answer = web.post(page, data=form, headers={"Referer": f"{url}{page}"})
        if answer.status_code == 403:
            raise PermissionError(f"signup of {email} refused")
        assert answer.status_code == 302, answer.text[:500]
        token = web.get("/api/current-user/token")
        token.raise_for_status()
        return str(token.json()["token"])
