"""``{% kept key %}...{% endkept %}``: the rendered figures of a page, kept per version like the figures.

A page of a large band or tornado spends most of its time turning figures into table rows. What it
renders between the tags depends only on what the view put in ``key`` (the versions and options of
what is shown), never on who is reading, so the HTML is kept under that key
(:func:`worth.apps.core.computed.remember`) and the next reader gets it as it was. A view that leaves
the key empty (a form with errors, a refused model) gets the fragment rendered as usual. Keep anything
about the reader (their name, what they may change) outside the tags. A view may look the fragment up
first (:func:`worth.apps.core.computed.kept_fragment`) and, when it is kept, skip gathering what it
shows, passing it as ``kept_fragments`` (key to HTML).
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context

from worth.apps.core.computed import FRAGMENT, remember

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist: NodeList, key: FilterExpression) -> None:
        self.nodelist = nodelist
        self.key = key

    def render(self, context: Context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        ready = (context.get("kept_fragments") or {}).get(key)
        if ready is not None:  # the view found it kept (computed.kept_fragment) and gathered nothing
            return str(ready)
        return remember(FRAGMENT, (key,), lambda: self.nodelist.render(context))


@register.tag("kept")
def kept(parser: Parser, token: Token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept key %} takes one key: what the fragment depends on")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]))
