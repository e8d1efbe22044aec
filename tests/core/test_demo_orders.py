"""The demo data holds companies, a priced catalogue, BOMs, and orders and builds in
every status, with a sound ledger."""

from __future__ import annotations

import pytest

from invdesk.core import bom, check, demo, reports
from invdesk.core.models import (
    BUILD_STATUSES,
    PURCHASE_STATUSES,
    RETURN_STATUSES,
    SALES_STATUSES,
    BuildOrder,
    Company,
    Part,
    PriceBreak,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    SupplierPart,
)

pytestmark = pytest.mark.usefixtures("any_db")


@pytest.mark.slow
def test_the_small_demo_has_orders_and_builds_in_every_status():
    counts = demo.generate("small")
    assert counts["supplier parts"] == SupplierPart.select().count() > 300
    assert PriceBreak.select().count() > counts["supplier parts"]
    assert Company.select().where(Company.is_customer == True).count() >= 5  # noqa: E712
    for model, statuses in ((PurchaseOrder, PURCHASE_STATUSES), (SalesOrder, SALES_STATUSES),
                            (ReturnOrder, RETURN_STATUSES), (BuildOrder, BUILD_STATUSES)):
        found = {status for (status,) in model.select(model.status).distinct().tuples()}
        assert found == set(statuses), model.__name__
    board = Part.get_by_id(BuildOrder.select().first().part_id)
    assert bom.explode(board) and bom.can_build(board) >= 0
    assert list(reports.low_stock().limit(5))
    assert check.problems() == []
