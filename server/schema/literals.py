"""Validation of the values written in a document, saying where they are: graphql-core's
ValuesOfCorrectTypeRule names the value's type and the value ("String cannot represent a non
string value: 5"), not the argument it was given to, which in a mutation's input of a dozen
fields leaves the caller to count columns. The same rule here puts the argument and the path
inside it first, worded as graphql-core words a variable's invalid value: `Argument 'input' of
field 'activityCreate' has invalid value at .steps[0].dateFormula: ...`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import (
    ArgumentNode,
    ASTValidationRule,
    DirectiveNode,
    FieldNode,
    GraphQLError,
    GraphQLInputType,
    ValueNode,
    VariableDefinitionNode,
)
from graphql.language import SKIP, Node, VisitorAction
from graphql.pyutils import print_path_list
from graphql.utilities import validate_input_literal
from graphql.validation import ValuesOfCorrectTypeRule

__all__ = ["NamedValuesOfCorrectTypeRule", "with_named_values"]


class NamedValuesOfCorrectTypeRule(ValuesOfCorrectTypeRule):
    """ValuesOfCorrectTypeRule whose messages start with where the value was written: an
    argument of a field or directive, or a variable's default value."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self._where: str | None = None

    def enter_argument(
        self,
        node: ArgumentNode,
        _key: Any,
        _parent: Any,
        _path: Any,
        ancestors: Sequence[Node | Sequence[Node]],
    ) -> None:
        owner = next(
            (a for a in reversed(ancestors) if isinstance(a, (FieldNode, DirectiveNode))), None
        )
        name = node.name.value
        if isinstance(owner, DirectiveNode):
            self._where = f"Argument '{name}' of directive '@{owner.name.value}'"
        elif isinstance(owner, FieldNode):
            self._where = f"Argument '{name}' of field '{owner.name.value}'"
        else:
            self._where = f"Argument '{name}'"

    def leave_argument(self, *_args: Any) -> None:
        self._where = None

    def enter_variable_definition(self, node: VariableDefinitionNode, *_args: Any) -> None:
        self._where = f"Default value of variable '${node.variable.name.value}'"

    def leave_variable_definition(self, *_args: Any) -> None:
        self._where = None

    def is_valid_value_node(
        self, node: ValueNode, input_type: GraphQLInputType | None
    ) -> VisitorAction:
        if input_type is None:
            return SKIP
        where = self._where

        def on_error(error: GraphQLError, path: list[str | int]) -> None:
            if where is not None:
                error = GraphQLError(
                    f"{where} has invalid value{print_path_list(path)}: {error.message}",
                    error.nodes,
                    original_error=error.original_error,
                    extensions=error.extensions,
                )
            self.report_error(error)

        validate_input_literal(
            node, input_type, on_error, None, None, self.context.hide_suggestions
        )
        return SKIP  # the whole value is checked: nothing inside it to visit


def with_named_values(rules: Sequence[type[ASTValidationRule]]) -> tuple[Any, ...]:
    """The rules with graphql-core's ValuesOfCorrectTypeRule replaced by the named one."""
    return tuple(
        NamedValuesOfCorrectTypeRule if rule is ValuesOfCorrectTypeRule else rule for rule in rules
    )
