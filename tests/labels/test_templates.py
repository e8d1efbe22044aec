"""Saved label templates, users' media and printer calibration: stored, checked, refused."""

from __future__ import annotations

import pytest

from invdesk.core import auth, label_templates
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.labels import media, templates
from tests.core.helpers import snapshot

pytestmark = pytest.mark.usefixtures("any_db")


def test_a_saved_template_is_used_for_its_kind():
    label_templates.save("Bin tag", kind="stockitem", fields=["name", "location"],
                         barcode="datamatrix", media="avery-l7160")
    medium = media.get("avery-l7160")
    chosen = templates.choose("stockitem", medium, "Bin tag")
    assert (chosen.fields, chosen.barcode) == (("name", "location"), "datamatrix")
    assert [t.name for t in label_templates.listing("stockitem")] == ["Bin tag"]
    with pytest.raises(ValidationError, match="for stockitem labels"):
        templates.choose("part", medium, "Bin tag")


def test_saving_over_a_template_needs_replace():
    label_templates.save("Bin tag", kind="part", fields=["name"])
    before = snapshot()
    with pytest.raises(Conflict, match="exists already"):
        label_templates.save("Bin tag", kind="part", fields=["ipn"])
    assert snapshot() == before
    label_templates.save("Bin tag", kind="part", fields=["ipn"], replace=True)
    assert label_templates.definition(label_templates.get("Bin tag"))["fields"] == ["ipn"]
    label_templates.delete("Bin tag")
    with pytest.raises(NotFound):
        label_templates.get("Bin tag")


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "", "kind": "part", "fields": ["name"]}, "needs a name"),
    ({"name": "t", "kind": "spaceship", "fields": ["name"]}, "not 'spaceship'"),
    ({"name": "t", "kind": "part", "fields": ["quantity"]}, "no field 'quantity'"),
    ({"name": "t", "kind": "part", "fields": ["name", "name"]}, "only once"),
    ({"name": "t", "kind": "part", "fields": ["name"], "barcode": "pdf417"}, "barcode"),
])
def test_bad_templates_are_refused_and_change_nothing(kwargs, message):
    before = snapshot()
    kwargs = dict(kwargs)
    name = kwargs.pop("name")
    with pytest.raises(ValidationError, match=message):
        label_templates.save(name, **kwargs)
    assert snapshot() == before


def test_readers_may_not_save_templates():
    auth.define_role("readers-only", {"stock": ["view"]})
    reader = auth.create_user("rita", "pw-rita-123", roles=["readers-only"])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        label_templates.save("t", kind="part", fields=["name"], user=reader)
    with pytest.raises(PermissionDenied):
        label_templates.set_calibration("QL-820", 1, 0, user=reader)
    assert snapshot() == before


def test_own_media_and_calibration_are_stored():
    definition = {"name": "Drawer-strip", "width": 80, "height": 10, "dpi": 300}
    media.from_definition(definition)
    label_templates.save_medium(definition)
    assert media.get("drawer-strip", label_templates.custom_media()).width == 80
    label_templates.delete_medium("drawer-strip")
    assert label_templates.custom_media() == []
    assert label_templates.calibration("QL-820") == (0.0, 0.0)
    label_templates.set_calibration("QL-820", 0.5, -1.25)
    assert label_templates.calibration("QL-820") == (0.5, -1.25)
    before = snapshot()
    with pytest.raises(ValidationError, match="at most 10 mm"):
        label_templates.set_calibration("QL-820", 20, 0)
    assert snapshot() == before
