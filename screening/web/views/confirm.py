"""One confirmation step for staff actions that cannot be taken back at one tap (a new personal
link kills the printed card; a disabled account ends its sessions).

The action's button is a link to a page that says what will happen (GET); that page posts the
action with `konfirmasi=ya`. A POST without it changes nothing and is sent to the page, so a
stray or replayed form never does harm. No JavaScript involved.
"""

from flask import redirect, render_template, request

CONFIRM_FIELD = "konfirmasi"
CONFIRM_VALUE = "ya"


def confirmed() -> bool:
    return request.form.get(CONFIRM_FIELD) == CONFIRM_VALUE


def ask_first(confirmation_url: str):
    """Send an unconfirmed POST to its confirmation page (303: the browser GETs it)."""
    return redirect(confirmation_url, code=303)


def confirmation_page(
    *,
    title: str,
    facts: list[tuple[str, str]],
    consequences: list[str],
    button: str,
    action: str,
    back: str,
):
    """The page that asks: `facts` say which record, `consequences` what the button does."""
    return render_template(
        "staff/confirm.html",
        title=title,
        facts=facts,
        consequences=consequences,
        button=button,
        action=action,
        back=back,
        confirm_field=CONFIRM_FIELD,
        confirm_value=CONFIRM_VALUE,
    )
