"""Signing in (public) and out."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

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
    user = check_credentials(data, web.token_source, web.settings)
    if user is None:
        template = web.page(
            request,
            "login.html",
            error="Wrong token or username/password.",
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


def _password_login(web: NamedDependency[WebContext]) -> bool:
    return bool(web.settings.username and web.settings.password)
