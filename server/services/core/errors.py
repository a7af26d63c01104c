"""Domain errors: expected failures with a stable code, a message and the input field at fault."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum

FieldPath = tuple[str | int, ...]


class ErrorCode(Enum):
    """Stable codes that clients switch on; the schema exposes them as the ErrorCode enum."""

    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    DUPLICATE = "DUPLICATE"
    IMMUTABLE = "IMMUTABLE"
    BLOCKED = "BLOCKED"
    IN_USE = "IN_USE"
    FORBIDDEN = "FORBIDDEN"
    CAMPAIGN_DATES_INVALID = "CAMPAIGN_DATES_INVALID"
    CAMPAIGN_IN_USE = "CAMPAIGN_IN_USE"
    COMPANY_HAS_PERSONS = "COMPANY_HAS_PERSONS"
    CONTACT_ALREADY_LINKED = "CONTACT_ALREADY_LINKED"
    CONTACT_LINKED_TO_CUSTOMER = "CONTACT_LINKED_TO_CUSTOMER"
    BASE_UNIT_OF_MEASURE = "BASE_UNIT_OF_MEASURE"
    LAST_ADMIN = "LAST_ADMIN"
    SEGMENT_LOGGED_READ_ONLY = "SEGMENT_LOGGED_READ_ONLY"
    SEGMENT_ALREADY_LOGGED = "SEGMENT_ALREADY_LOGGED"
    SEGMENT_EMPTY = "SEGMENT_EMPTY"
    ENTRY_NOT_CANCELED = "ENTRY_NOT_CANCELED"
    PARENT_CANCELED = "PARENT_CANCELED"
    NO_CAMPAIGN_TARGETS = "NO_CAMPAIGN_TARGETS"
    NO_CAMPAIGN_PRICING = "NO_CAMPAIGN_PRICING"
    DATE_FORMULA_INVALID = "DATE_FORMULA_INVALID"
    TASK_TYPE_CHANGE = "TASK_TYPE_CHANGE"
    MEETING_ORGANIZER_REQUIRED = "MEETING_ORGANIZER_REQUIRED"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    IDEMPOTENT_RESULT_GONE = "IDEMPOTENT_RESULT_GONE"
    CAMPAIGN_NOT_ELIGIBLE = "CAMPAIGN_NOT_ELIGIBLE"
    STAGE_NOT_SKIPPABLE = "STAGE_NOT_SKIPPABLE"
    OPPORTUNITY_IN_PROGRESS = "OPPORTUNITY_IN_PROGRESS"
    TRANSIENT_CONFLICT = "TRANSIENT_CONFLICT"


ERROR_CODE_DESCRIPTIONS: dict[ErrorCode, str] = {
    ErrorCode.NOT_FOUND: "A record named in the input does not exist.",
    ErrorCode.INVALID: "A value is malformed (bad e-mail, control characters, bad cursor, ...).",
    ErrorCode.REQUIRED: "A required value is missing or blank.",
    ErrorCode.TOO_LONG: "A text or key is longer than allowed.",
    ErrorCode.OUT_OF_RANGE: "A number or date is outside its allowed range.",
    ErrorCode.DUPLICATE: "A record with this key already exists.",
    ErrorCode.IMMUTABLE: "The value cannot be changed after creation.",
    ErrorCode.BLOCKED: "The record is blocked and cannot be assigned to new records.",
    ErrorCode.IN_USE: "The record is still referenced and cannot be deleted.",
    ErrorCode.FORBIDDEN: "The acting user's role does not allow this operation.",
    ErrorCode.CAMPAIGN_DATES_INVALID: "The campaign's starting date is after its ending date.",
    ErrorCode.CAMPAIGN_IN_USE: "The campaign is still referenced and cannot be deleted.",
    ErrorCode.COMPANY_HAS_PERSONS: "A company contact that has persons cannot become a person.",
    ErrorCode.CONTACT_ALREADY_LINKED: (
        "The company contact is already linked to another customer (one customer per company)."
    ),
    ErrorCode.CONTACT_LINKED_TO_CUSTOMER: (
        "A company contact linked to a customer cannot become a person; unlink it first."
    ),
    ErrorCode.BASE_UNIT_OF_MEASURE: (
        "The item's base unit of measure always holds 1 base unit and cannot be deleted."
    ),
    ErrorCode.LAST_ADMIN: "The change would leave no active ADMIN user.",
    ErrorCode.SEGMENT_LOGGED_READ_ONLY: "The segment is logged and can no longer change.",
    ErrorCode.SEGMENT_ALREADY_LOGGED: "The segment has been logged already.",
    ErrorCode.SEGMENT_EMPTY: "The segment has no line with a contact to log.",
    ErrorCode.ENTRY_NOT_CANCELED: "Only cancelled entries or interactions can be deleted.",
    ErrorCode.NO_CAMPAIGN_TARGETS: (
        "Nothing to activate: no target segment line or interaction names the campaign."
    ),
    ErrorCode.NO_CAMPAIGN_PRICING: (
        "The campaign has no prices or discounts; activate with allowWithoutPricing to proceed."
    ),
    ErrorCode.PARENT_CANCELED: (
        "The interaction's campaign entry or logged segment is cancelled: restore that first."
    ),
    ErrorCode.DATE_FORMULA_INVALID: "A date formula is malformed; the message names the part.",
    ErrorCode.TASK_TYPE_CHANGE: "A meeting task cannot become another type, nor the reverse.",
    ErrorCode.MEETING_ORGANIZER_REQUIRED: (
        "A team is assigned an activity with a meeting step: name a meeting organizer."
    ),
    ErrorCode.IDEMPOTENCY_KEY_REUSED: (
        "This idempotency key was already used for a different input: use a new key."
    ),
    ErrorCode.IDEMPOTENT_RESULT_GONE: (
        "The change sent with this idempotency key was already applied, but a record it "
        "returned has been deleted since: the repeat applies nothing and has nothing to return."
    ),
    ErrorCode.CAMPAIGN_NOT_ELIGIBLE: (
        "An opportunity's campaign must be activated and running on its creation date (O1)."
    ),
    ErrorCode.STAGE_NOT_SKIPPABLE: "An opportunity can only skip to a stage that allows it.",
    ErrorCode.OPPORTUNITY_IN_PROGRESS: (
        "An opportunity in progress cannot be deleted: win or lose it first."
    ),
    ErrorCode.TRANSIENT_CONFLICT: (
        "The change collided with concurrent changes and was rolled back, after being run "
        "again a few times: nothing changed. Send it again (with the same idempotency key)."
    ),
}


class DomainError(Exception):
    """One expected failure. `field` is the path into the operation's input, snake_case."""

    def __init__(self, code: ErrorCode, message: str, field: Sequence[str | int] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field: FieldPath = tuple(field)

    def __repr__(self) -> str:
        return f"DomainError({self.code.name}, {self.message!r}, {self.field!r})"


class NotFound(DomainError):
    """The record the operation is about does not exist."""

    def __init__(self, entity: str, key: str, field: Sequence[str | int] = ()) -> None:
        super().__init__(ErrorCode.NOT_FOUND, f"{entity} {key!r} does not exist.", field)


class PermissionDenied(DomainError):
    """The acting user may not do this; surfaces as a FORBIDDEN GraphQL error."""

    def __init__(self, action: str) -> None:
        super().__init__(ErrorCode.FORBIDDEN, f"Your role does not allow you to {action}.")


class ValidationFailed(Exception):
    """Several expected failures found together; nothing was changed."""

    def __init__(self, errors: Iterable[DomainError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in self.errors))


class ErrorCollector:
    """Collects every problem of one input so the caller hears about all of them at once."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, code: ErrorCode, message: str, *field: str | int) -> None:
        """Record one problem with the input field it concerns."""
        self.errors.append(DomainError(code, message, field))

    def extend(self, errors: Iterable[DomainError]) -> None:
        """Record problems found elsewhere."""
        self.errors.extend(errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        """Stop the operation when anything was recorded."""
        if self.errors:
            raise ValidationFailed(self.errors)
