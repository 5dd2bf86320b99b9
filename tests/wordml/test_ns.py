"""docgen.wordml.ns: the namespaces, named once."""

from __future__ import annotations

import pytest
from wml import element

from docgen.wordml.ns import NSMAP, R_NS, W_DECL, W_NS, WP_NS, XML_NS, local, qname, w


def test_w_is_the_clark_name_of_a_main_namespace_element():
    assert w("p") == "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


@pytest.mark.parametrize(("prefixed", "clark"), [
    ("w:val", f"{{{W_NS}}}val"),
    ("r:id", f"{{{R_NS}}}id"),
    ("wp:docPr", f"{{{WP_NS}}}docPr"),
    ("xml:space", f"{{{XML_NS}}}space"),
    ("id", "id"),  # unprefixed: no namespace (wp:docPr's own attributes)
])
def test_qname_turns_a_prefixed_name_into_clark_notation(prefixed, clark):
    assert qname(prefixed) == clark


def test_qname_refuses_a_prefix_it_does_not_know():
    with pytest.raises(KeyError):
        qname("w14:paraId")


def test_nsmap_and_the_fragment_declaration_agree():
    assert NSMAP == {"w": W_NS, "r": R_NS, "wp": WP_NS}
    assert f'xmlns:w="{W_NS}"' == W_DECL


def test_local_is_the_name_without_namespace():
    assert local(element('<w:tblPr/>')) == "tblPr"
