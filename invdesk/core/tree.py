"""Named trees (part categories, stock locations): paths, creation, moves.

Each node stores ``path`` ("Lab/Shelf A/Bin 3") and ``tree`` ("1/5/9/"). Moving a
branch rewrites both prefixes for the whole branch in one UPDATE per column.
"""

from __future__ import annotations

import peewee as pw

from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import TreeNode

SEP = "/"


def clean_name(name: str, what: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(f"The {what} name is empty.")
    if SEP in name:
        raise ValidationError(f"A {what} name cannot contain '{SEP}' ({name!r}); "
                              f"'{SEP}' separates the levels of a path.")
    if len(name) > 200:
        raise ValidationError(f"The {what} name is longer than 200 characters.")
    return name


def split_path(path: str, what: str) -> list[str]:
    names = [part.strip() for part in (path or "").split(SEP) if part.strip()]
    if not names:
        raise ValidationError(f"The {what} path is empty.")
    return [clean_name(name, what) for name in names]


def subtree(model: type[TreeNode], node: TreeNode) -> pw.Expression:
    """Condition selecting ``node`` and everything below it."""
    return pw.NodeList((model.tree, pw.SQL("LIKE"), node.tree + "%"))


def child(model: type[TreeNode], parent: TreeNode | None, name: str) -> TreeNode | None:
    parent_cond = model.parent.is_null() if parent is None else model.parent == parent
    return model.get_or_none(parent_cond, model.name == name)


def find(model: type[TreeNode], path: str, what: str) -> TreeNode:
    names = split_path(path, what)
    node = model.get_or_none(model.path == SEP.join(names))
    if node is None:
        raise NotFound(f"No {what} {SEP.join(names)!r}.")
    return node


def create(model: type[TreeNode], name: str, parent: TreeNode | None, what: str,
           **fields: object) -> TreeNode:
    name = clean_name(name, what)
    if child(model, parent, name) is not None:
        where = parent.path if parent else "the top level"
        raise Conflict(f"A {what} named {name!r} already exists in {where}.")
    node = model.create(name=name, parent=parent, **fields,
                        path=f"{parent.path}{SEP}{name}" if parent else name)
    node.tree = f"{parent.tree if parent else ''}{node.id}{SEP}"
    model.update(tree=node.tree).where(model.id == node.id).execute()
    return node


def create_path(model: type[TreeNode], path: str, what: str) -> TreeNode:
    """The node at ``path``, creating any missing level."""
    parent = None
    for name in split_path(path, what):
        parent = child(model, parent, name) or create(model, name, parent, what)
    assert parent is not None
    return parent


def rename(model: type[TreeNode], node: TreeNode, name: str, what: str) -> TreeNode:
    name = clean_name(name, what)
    other = child(model, node.parent, name)
    if other is not None and other.id != node.id:
        raise Conflict(f"A {what} named {name!r} already exists there.")
    parent_path = node.parent.path + SEP if node.parent_id else ""
    _rewrite(model, node, new_path=parent_path + name, new_tree=node.tree)
    node.name = name
    model.update(name=name).where(model.id == node.id).execute()
    return model.get_by_id(node.id)


def move(model: type[TreeNode], node: TreeNode, parent: TreeNode | None, what: str) -> TreeNode:
    if parent is not None and parent.tree.startswith(node.tree):
        raise ValidationError(f"Cannot move {what} {node.path!r} into itself or below itself "
                              f"({parent.path!r}).")
    other = child(model, parent, node.name)
    if other is not None and other.id != node.id:
        raise Conflict(f"{parent.path if parent else 'The top level'} already has a {what} "
                       f"named {node.name!r}.")
    new_path = f"{parent.path}{SEP}{node.name}" if parent else node.name
    new_tree = f"{parent.tree if parent else ''}{node.id}{SEP}"
    model.update(parent=parent).where(model.id == node.id).execute()
    _rewrite(model, node, new_path=new_path, new_tree=new_tree)
    return model.get_by_id(node.id)


def _rewrite(model: type[TreeNode], node: TreeNode, new_path: str, new_tree: str) -> None:
    """Replace the path and tree prefixes of ``node`` and all its descendants."""
    old_path, old_tree = node.path, node.tree
    in_branch = subtree(model, node)
    # Evaluate on the old values: both columns are rewritten in the same statement.
    model.update(
        path=pw.Value(new_path).concat(pw.fn.substr(model.path, len(old_path) + 1)),
        tree=pw.Value(new_tree).concat(pw.fn.substr(model.tree, len(old_tree) + 1)),
    ).where(in_branch).execute()


def descendants(model: type[TreeNode], node: TreeNode) -> pw.ModelSelect:
    return model.select().where(subtree(model, node)).order_by(model.path)
