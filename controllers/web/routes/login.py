"""Signing in (public) and out.

A successful sign-in clears the session first, so the session that records who signed in
gets a fresh id (``controllers.web.sessions``). Failed sign-ins count against the client; a
client over its limit gets 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from controllers.api.auth import client_of
from controllers.web.auth import check_credentials
from controllers.web.context import WebContext

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


@get("/login", opt={"public": True}, name="web-login")
async def login_page(request: Request[Any, Any, Any], web: NamedDependency[WebContext]) -> Template:
    """The sign-in form."""
    return web.page(request, "login.html", error=None, password_login=_password_login(web))


@post("/login", opt={"public": True}, status_code=200)
async def login(
    request: Request[Any, Any, Any], web: NamedDependency[WebContext], data: Form
) -> Template | Redirect:
    """Start a session for valid credentials; the form again, with an error, otherwise."""
    client = client_of(request.scope)
    wait = web.throttle.retry_after(client)
    if wait:
        error = f"Too many failed sign-ins from your address: try again in {wait} s."
        template = web.page(request, "login.html", error=error, password_login=_password_login(web))
        template.status_code = 429
        template.headers["Retry-After"] = str(wait)
        return template
    user = check_credentials(data, web.token_source, web.settings)
    if user is None:
        web.throttle.failed(client)
        template = web.page(
            request,
            "login.html",
            error=_why_refused(data, _password_login(web)),
            password_login=_password_login(web),
        )
        template.status_code = 401
        return template
    request.clear_session()
    request.set_session({"user": user})
    return Redirect("/ui")


@post("/logout", status_code=200)
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    """End the session."""
    request.clear_session()
    return Redirect("/ui/login")


def _why_refused(form: dict[str, str], password_login: bool) -> str:
    """What was wrong, naming only the way of signing in that was tried (or the one there is)."""
    if password_login and not form.get("token", "").strip():
        return "Wrong username or password."
    return "Wrong token: paste the API token (GA_API_TOKEN, or the token file `up` printed)."


def _password_login(web: NamedDependency[WebContext]) -> bool:
    return bool(web.settings.username and web.settings.password)
