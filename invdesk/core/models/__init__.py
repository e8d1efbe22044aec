"""Every table of invdesk. Import models from here."""

import peewee as pw

from invdesk.core.models.audit import AUDIT_KINDS, AuditEntry
from invdesk.core.models.barcodes import BarcodeLink, LabelTemplate, LegacyId
from invdesk.core.models.base import BaseModel, ExactField, TreeNode, database, utcnow
from invdesk.core.models.builds import BUILD_STATUSES, BuildAllocation, BuildOrder
from invdesk.core.models.companies import (
    Address,
    Company,
    Contact,
    ManufacturerPart,
    PriceBreak,
    SupplierPart,
)
from invdesk.core.models.orders import (
    PURCHASE_STATUSES,
    RETURN_OUTCOMES,
    RETURN_STATUSES,
    SALES_STATUSES,
    PurchaseOrder,
    PurchaseOrderLine,
    ReturnOrder,
    ReturnOrderLine,
    SalesAllocation,
    SalesOrder,
    SalesOrderLine,
    SalesShipment,
)
from invdesk.core.models.parts import (
    BomItem,
    BomSubstitute,
    ParameterTemplate,
    Part,
    PartCategory,
    PartParameter,
)
from invdesk.core.models.settings import Setting
from invdesk.core.models.stock import (
    AVAILABLE_STATUSES,
    STATUSES,
    StockEntry,
    StockItem,
    StockLocation,
    StockOperation,
)
from invdesk.core.models.users import ACTIONS, AREAS, Role, RolePermission, User, UserRole

ALL_MODELS: list[type[BaseModel]] = [
    User, Role, RolePermission, UserRole, Setting,
    PartCategory, Part, ParameterTemplate, PartParameter, BomItem, BomSubstitute,
    Company, Contact, Address, ManufacturerPart, SupplierPart, PriceBreak,
    StockLocation, PurchaseOrder, SalesOrder, ReturnOrder, BuildOrder,
    StockItem, StockOperation, StockEntry,
    PurchaseOrderLine, SalesOrderLine, SalesShipment, SalesAllocation, ReturnOrderLine,
    BuildAllocation, BarcodeLink, LabelTemplate, LegacyId, AuditEntry,
]

# Foreign keys declared before their target existed are real constraints once every
# module is loaded; peewee leaves them out of CREATE TABLE unless told otherwise.
for _model in ALL_MODELS:
    for _field in _model._meta.fields.values():
        if isinstance(_field, pw.ForeignKeyField) and _field.deferred:
            _field.deferred = False

__all__ = [name for name in dir() if not name.startswith("_") and name != "pw"]
