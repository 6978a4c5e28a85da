"""All tables. Each area has its own module; importing this package registers them all."""
from app.models.org import ApiToken, OfficeSetting, Position, Role, Unit, User
from app.models.documents import Document, DocumentStatus, IndexState, LegalHold, Page, Sifat, Urgensi
from app.models.disposition import (
    AgendaCounter,
    Disposition,
    DispositionRecipient,
    DispositionStatus,
    InstructionOption,
    Notification,
    Registration,
    UrgencyDeadline,
)
from app.models.retention import (
    ClassificationNode,
    DisposalItem,
    DisposalProposal,
    DocumentRetention,
    RetentionRule,
    Tombstone,
)
from app.models.audit import AuditEntry
from app.models.outbox import OutboxMessage
from app.models.collab import DocumentNote, SavedView
from app.models.accounts import LoginFailure, UserSession

__all__ = [
    "AgendaCounter", "ApiToken", "AuditEntry", "ClassificationNode", "DisposalItem",
    "DisposalProposal", "Disposition", "DispositionRecipient", "DispositionStatus",
    "Document", "DocumentNote", "DocumentRetention", "DocumentStatus", "IndexState", "InstructionOption",
    "LegalHold", "LoginFailure", "Notification", "OfficeSetting", "OutboxMessage", "Page", "Position", "Registration",
    "RetentionRule", "Role", "SavedView",
    "Sifat", "Tombstone", "Unit", "UrgencyDeadline", "Urgensi", "User", "UserSession",
]
