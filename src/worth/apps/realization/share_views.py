"""The customer manager's page, reached through a share link only: one documenter, nothing else.

No login: the link is the key. A link that is unknown, expired or revoked shows a clear page and
grants nothing; each use, refused ones included, is logged.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from worth.apps.core.routes import Access, reached_by
from worth.apps.realization.case_history import case_history_content
from worth.apps.realization.figures import documenter_figures
from worth.apps.realization.models import CaseHistory
from worth.apps.realization.services import RealizationError, add_comment
from worth.apps.realization.sharing import approve_publication, give_verdict, link_state, log_use

_CLOSED = {
    "unknown": "This link does not open anything. Ask the supplier's team for a new one.",
    "expired": "This link has expired. Ask the supplier's team for a new one.",
    "revoked": "This link was withdrawn by the supplier's team. Ask them for a new one if you still need it.",
}


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


@reached_by(get=Access.ANONYMOUS, post=Access.ANONYMOUS)
@login_not_required
@require_http_methods(["GET", "POST"])
def shared(request: HttpRequest, token: str) -> HttpResponse:
    link, state = link_state(token)
    if link is None or state != "open":
        if link is not None:
            log_use(link, "refused", detail=state, address=_address(request))
        response = render(
            request,
            "realization/shared_closed.html",
            {"message": _CLOSED[state]},
            status=410 if link else 404,
        )
        response["Referrer-Policy"] = "same-origin"
        return response
    documenter = link.documenter
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("confirmed", "contested"):
                figure = give_verdict(
                    link, request.POST.get("figure", ""), action, request.POST.get("note", "")
                )
                log_use(
                    link, action, detail=f"{figure.driver} up to {figure.taken}", address=_address(request)
                )
            elif action in ("publish-named", "publish-anonymized"):
                approved = approve_publication(link, action.removeprefix("publish-"))
                log_use(
                    link,
                    "publish",
                    detail=f"{approved.approved_variant} case history",
                    address=_address(request),
                )
            elif action == "comment":
                add_comment(documenter, request.POST.get("body", ""), name=f"{link.manager} (customer)")
                documenter.comments.filter(link=None, author=None).order_by("-pk").update(link=link)
                log_use(link, "comment", address=_address(request))
            else:
                raise RealizationError("Choose approve, contest or comment.")
        except RealizationError as refused:
            error = str(refused)
        else:
            return redirect(request.path)
    else:
        log_use(link, "view", address=_address(request))
    history = CaseHistory.objects.filter(documenter=documenter).first()
    figures = documenter_figures(documenter)
    ctx = {
        "history": history,
        "variants": [case_history_content(history, figures, v) for v in ("named", "anonymized")]
        if history
        else [],
        "link": link,
        "documenter": documenter,
        "figures": figures,
        "comments": documenter.comments.all(),
        "error": error,
        "measurements": documenter.measurements.order_by("-taken", "driver"),
    }
    response = render(request, "realization/shared.html", ctx, status=400 if error else 200)
    response["Referrer-Policy"] = "same-origin"
    return response
