"""A template cannot hang docgen or exhaust its memory: powers, repetitions and
ranges are bounded (docgen.render.environment), compiled without folding."""

from __future__ import annotations

import pytest

from docgen.render.environment import make_environment


@pytest.mark.parametrize("source", [
    "{{ 9**999999999 }}",
    "{{ 'a'*10**10 }}",
    "{{ 10**10 * 'a' }}",
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{{ range(10**9)|length }}",
])
def test_hostile_arithmetic_stops_at_once(source):
    # Unbounded, these would hang (9**999999999 already while compiling) or exhaust
    # memory rather than fail: the error is the proof they were stopped.
    with pytest.raises(OverflowError, match="模板中的运算结果过大"):
        make_environment().from_string(source).render()


def test_ordinary_arithmetic_still_works():
    rendered = make_environment().from_string(
        "{{ 2**10 }} {{ 'ab'*3 }} {{ 3*4 }} {{ range(3)|list|length }}").render()
    assert rendered == "1024 ababab 12 3"
